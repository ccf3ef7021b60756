# A US fire department CAD export, one row per responding unit, read as Pledge's dispatches
# (SPEC 1.3a): each unit's departure and arrival is its own pledge.
source   = dispatches
timezone = America/Los_Angeles

dispatch_id   = {Call Number}-{Unit ID}
call_id       = {Call Number}
unit_id       = {Unit ID}
dispatched_at = {Dispatch DtTm} as %m/%d/%Y %I:%M:%S %p
departed_at   = {Response DtTm} as %m/%d/%Y %I:%M:%S %p
arrived_at    = {On Scene DtTm} as %m/%d/%Y %I:%M:%S %p
cancelled     = {Unit Status} map "Cancelled En Route"=yes, *=no
# Priority 3 is lights and siren (an emergency), 2 is urgent, the rest routine.
unit_class    = {Priority} map 3=1, 2=2, *=3
zone          = "urban"
