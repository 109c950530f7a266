"""Writes and state changes of the businesses app, one module per job:

- ``registry``: reference tables and units from Enhetsregisteret (import, nightly sync)
- ``contact``: the contact point: advisers' profiles, the catalogue of offers, the enquiry routing table
- ``enquiries``: enquiries from businesses: receipt, routing, answers
- ``owners``: business owners: claims, the business's own profile, meeting requests
- ``crm``: the officers' CRM: contacts, interactions, follow-ups, red flags, tags
- ``privacy``: a contact's data export and erasure, retention purge
"""
