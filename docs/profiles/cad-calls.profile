# A US fire department CAD export, one row per responding unit, read as Pledge's calls:
# the call's own columns only (each call's rows repeat them, so nothing conflicts).
# The same file is read as dispatches by cad-dispatches.profile.
source   = calls
timezone = America/Los_Angeles

call_id     = {Call Number}
received_at = {Received DtTm} as %m/%d/%Y %I:%M:%S %p
category    = {Call Type}
cancelled   = {Call Final Disposition} map Cancelled=yes, Duplicate=yes, *=no
zone        = "urban"
