"""The smaller desk tools, each through its screen on the demo studio: a staff member's calendar
link for her phone (made, read as .ics, renewed so the old link dies, turned off), a message
planned for later, the automatic tags applied to every client at once, and the providers' health
on the jobs screen."""

import datetime
import os
import urllib.error
import urllib.parse
import urllib.request
import uuid

from harness import check
from test_money import confirm, demo_api
from test_studio_setup import new_studio, set_value, toast


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get('Content-Type', ''), response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, '', ''


def test_calendar_link_planned_message_autotags_and_provider_health(t):
    api = demo_api(t)
    b = t.browser()
    b.sign_in_session(*t.demo)
    # given the demo owner on a staff member's card
    b.open('/staff')
    b.click('[data-screen=staff] [data-list-item]')
    b.find('[data-card=staff] [data-calendar-feed]')
    if b.find('[data-calendar-feed]').get_attribute('data-enabled') == 'true':
        b.click('[data-action=feed-off]')
        confirm(b)
        toast(b)
    # when the calendar link is made, then it serves her appointments as iCalendar
    b.click('[data-action=feed-on]')
    toast(b)
    url = b.find('[data-calendar-feed] .feed-url').get_attribute('value')
    status, kind, body = fetch(url)
    check(status == 200 and 'text/calendar' in kind and 'BEGIN:VCALENDAR' in body, f'the feed answered {status} {kind}')
    b.shot('staff-calendar-link', phone=False)
    # when it is renewed, the old link stops working and the new one works
    b.click('[data-action=feed-renew]')
    confirm(b)
    toast(b)
    renewed = b.find('[data-calendar-feed] .feed-url').get_attribute('value')
    check(renewed != url and fetch(url)[0] == 404 and fetch(renewed)[0] == 200, 'renewing did not replace the link')
    # when it is turned off, no link works
    b.click('[data-action=feed-off]')
    confirm(b)
    toast(b)
    b.find('[data-calendar-feed][data-enabled=false]')
    check(fetch(renewed)[0] == 404, 'the feed still answers after it was turned off')

    # when a message is planned for the day after tomorrow 10:00 (the studio's clock) in a studio whose
    # email goes through SMTP (the test's mail sink)
    mailer = t.browser()
    studio = new_studio(t, mailer, 'Mail Studio')
    port = urllib.parse.urlparse(os.environ['MAIL_URL']).port
    studio.call('PUT', '/integrations/smtp', {'host': '127.0.0.1', 'port': port, 'security': 'none', 'fromAddress': 'studio@mail-studio.test'}, expect=200)
    # (no quiet hours: the run may be at night in the studio's zone, when non-urgent mail waits for the morning)
    studio.call('PUT', '/settings/notifications', {'reminderOffsetsMinutes': [1440, 180], 'channels': ['telegram', 'sms', 'email'], 'quietHours': None}, expect=200)
    address = f'olga-{uuid.uuid4().hex[:6]}@client.test'
    client = studio.post('/clients', {'name': 'Ольга Письмова', 'email': address})
    mailer.open(f'/messages?new=1&client={client["id"]}')
    mailer.wait(lambda d: mailer.find('[data-form=send-message] [data-client-search]').get_attribute('value') == 'Ольга Письмова', what='the client named in the form')
    mailer.type('[data-form=send-message] textarea[name=text]', 'Напоминаем о визите')
    later = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    set_value(mailer, '[data-form=send-message] [name=sendAt]', f'{later}T10:00')
    mailer.click('[data-action=send-message]')
    shown = mailer.find('[data-toast]')
    check(shown.get_attribute('data-toast') == 'success', f'planning the message answered {shown.text!r}')
    planned = studio.call('GET', f'/messages?filter[clientId]={client["id"]}', expect=200)['items']
    check(len(planned) == 1 and planned[0]['status'] == 'queued' and planned[0]['scheduledAt'].startswith(f'{later}T10:00'), f'the planned message: {planned}')
    # and one sent now arrives in the client's mailbox (through the studio's SMTP integration)
    mailer.click('[data-action=new-message]')
    mailer.type('[data-form=send-message] [data-client-search]', 'Ольга')
    mailer.click(f'[data-form=send-message] [data-pick="{client["id"]}"]')
    mailer.type('[data-form=send-message] textarea[name=text]', 'Ваша запись подтверждена')
    mailer.click('[data-action=send-message]')
    toast(mailer)
    def sent_now():
        items = studio.call('GET', f'/messages?filter[clientId]={client["id"]}', expect=200)['items']
        return next((m for m in items if m['body'] == 'Ваша запись подтверждена' and m['status'] not in ('queued', 'sending')), None)
    final = mailer.wait(lambda d: sent_now(), 30, 'the message to be sent')
    check(final['status'] in ('sent', 'delivered'), f'the message ended {final["status"]}: {final.get("error")}')
    check('Ваша запись подтверждена' in t.email_to(address, 'Ваша запись'), 'the email did not arrive')
    mailer.shot('messages-planned', phone=False)

    # when the owner applies the automatic tags to every client at once
    b.open('/settings?section=autotags')
    b.click('[data-action=recompute-autotags]')
    report = toast(b)
    check(any(ch.isdigit() for ch in report), f'the recompute did not report its counts: {report!r}')

    # then the jobs screen shows the providers' health beside the queues
    b.open('/jobs')
    b.find('[data-screen=jobs]')
    b.find('.queue-stats [data-queue]')
    b.find('.provider-health [data-provider], .provider-health [data-empty]')
    b.shot('jobs-providers', phone=False)
