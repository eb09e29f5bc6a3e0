# Reads an iCalendar text on stdin with Debian's python3-icalendar (a parser independent of the
# JavaScript ones) and prints what the calendar-feed tests check, as JSON.
import json
import sys
from datetime import timezone

import icalendar


def seconds_before(alarm):
    trigger = alarm.get('TRIGGER')
    return -int(trigger.dt.total_seconds())


calendar = icalendar.Calendar.from_ical(sys.stdin.read())
events = []
for event in calendar.walk('VEVENT'):
    start = event['DTSTART']
    events.append({
        'uid': str(event['UID']),
        'sequence': int(event.get('SEQUENCE', 0)),
        'status': str(event.get('STATUS', '')),
        'summary': str(event.get('SUMMARY', '')),
        'tzid': start.params.get('TZID'),
        'start': start.dt.isoformat(),
        'startUtc': start.dt.astimezone(timezone.utc).isoformat(),
        'alarmsBeforeS': sorted(seconds_before(alarm) for alarm in event.walk('VALARM')),
    })
print(json.dumps({
    'timezones': [str(zone['TZID']) for zone in calendar.walk('VTIMEZONE')],
    'events': events,
}))
