"""The exchange channel: recurring rounds of talks over months and years, on the same engine.

Design. A scenario with a `channel:` section (`sim.scenario.channel_schema`) runs as one
SimPy process that loops over rounds; everything inside a round is the existing machinery
(the table of the scenario's protocol, the delegations, the leaders, ratification and
staged execution), unchanged, so a scenario without a channel runs exactly as before.

- Captures: each party captures people as a Poisson flow (`capture.rate_per_day`), drawn
  every `capture_every_days` and split by category (`mix`); they join its roster. Mass
  events (a surrender) are the scenario's scheduled `add_captives` events, and shocks to
  leverage, urgency or trust are its `events` too: they run for the whole horizon.
- Opening a round: every `check_every_days` the channel checks that no freeze is in
  force, that `min_days_between` days have passed since the last round ended, and that the
  pressure (the smaller of the two sides' trust x (1 + urgency) x share of own people held,
  saturating at `pressure_scale`) reaches `pressure_threshold`; then it opens with
  probability `open_probability` x pressure. Leaders freeze the channel between dates
  (`freezes`) or at random (`random_freezes`).
- A round: the mediator in force (`channel.mediators`, by date) runs it; each side brings
  a list of at most `list_size` names, first in release order (the rest are set aside for
  the round, status `ASIDE`); the outcome space is built from the captives held now.
  Fresh delegation, leader and mediator processes and a fresh mailbox set and tally serve
  the round (a round's aspiration clock and mandate start anew); the rosters, trust, the
  random streams, urgency and leverage are shared and carry over from round to round.
- After a round: captives released in it have left the rosters for good (`RELEASED`), the
  set-aside ones are held again, and if anyone was released an `exchange` event records
  the round, first and last stage day, numbers each way and the mediator.

`sim.channel.engine.run_channel` runs it (`sim.run` dispatches there); the `Result` carries
a `ChannelRecord` and `Result.exchanges()` gives the exchanges in the history format.
"""

from sim.talks.record import ChannelRecord, ExchangeRecord

__all__ = ["ChannelRecord", "ExchangeRecord"]
