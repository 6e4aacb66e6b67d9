"""The application services: the AMI driver, the models and the history joined
for one user (asyncio, no Qt). The GUI's bridge and the command line both run on
these, so a call looks the same in a JSON line and in a screen-pop.
"""
