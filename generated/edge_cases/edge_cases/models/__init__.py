"""Models, one module per API namespace: activity, ai_hosting, aihosting, commons, customer, dns, edge, file, mail, mailbox, mailmove, pageinsights, project, ssh_sftp_user, sshuser.

Import them from their module, e.g. `from edge_cases.models.activity import ...`; nothing is loaded until then.
"""
