"""Values of time expressions and quantities: :func:`.time.normalise_time` reads a Chinese time
expression against an anchor date into an ISO 8601 value, :func:`.number.normalise_number` a quantity
into value, unit and bound. Part of the text toolkit, so the normalise stage (entities) and the event
stage (arguments) read values the same way."""
