"""The client's booking page (/book/{slug}), driven at phone width as a client would: service →
staff → day → start → contacts → confirm → (deposit) → done, the .ics file, a start taken
meanwhile, English, the studio's branding. The checks read the staff API to see what really was
written. The manage page's tests are in test_storefront_manage.py."""

import datetime
import random
import uuid

from harness import PHONE, check, unique_email

SLUG = 'demo'
ZONE_OFFSET = '+03:00'  # the demo studio is in Europe/Moscow; the browser runs in UTC


def open_page(b, path, phone=True):
    """Loads a storefront page afresh (at phone width by default) and waits until it is mounted."""
    if phone:
        b.driver.set_window_size(*PHONE)
    b.driver.get('about:blank')
    b.driver.get(b.base + path)
    b.wait_ready()


def shot(b, name):
    """Both widths, then back to the phone (the harness ends at the desk width)."""
    b.shot(name)
    b.driver.set_window_size(*PHONE)


def unique_phone():
    return '+7916' + ''.join(random.choice('0123456789') for _ in range(7))


def utc_stamp(iso):
    return datetime.datetime.fromisoformat(iso).astimezone(datetime.timezone.utc).strftime('%Y%m%dT%H%M%SZ')


def owner_api(t):
    api = t.api()
    api.login(*t.demo)
    return api


def public(api, path, body=None, slug=SLUG):
    headers = {'Idempotency-Key': str(uuid.uuid4())} if body is not None else None
    return api.call('POST' if body is not None else 'GET', f'/public/{slug}{path}', body, headers=headers)


def walk_to_contacts(b, staff_css='[data-staff]:not([data-staff=any])', day_index=1):
    """Service, staff, day, start through the page; answers the ids and the chosen start (ISO and label)."""
    service = b.find('[data-screen=book-service] [data-service]').get_attribute('data-service')
    b.click(f'[data-service="{service}"]')
    staff = b.find(f'[data-screen=book-staff] {staff_css}').get_attribute('data-staff')
    b.click(f'[data-staff="{staff}"]')
    b.find('[data-screen=book-day] [data-picker=day]')
    open_days = b.js('return [...document.querySelectorAll(".sf-day.open")].map(d => d.dataset.date)')
    check(len(open_days) > day_index, f'too few open days: {open_days}')
    b.click(f'.sf-day[data-date="{open_days[day_index]}"]')
    b.find('[data-screen=book-start] [data-picker=start]')
    start = b.js('const s = document.querySelectorAll(".sf-start")[1] || document.querySelector(".sf-start");'
                 'return {iso: s.dataset.start, local: s.dataset.local};')
    b.click(f'.sf-start[data-start="{start["iso"]}"]')
    b.find('[data-screen=book-contacts] [data-form=contacts]')
    return {'serviceId': service, 'staffId': staff, **start}


def fill_contacts(b, name, phone, email=None):
    b.type('[data-form=contacts] [name=name]', name)
    b.type('[data-form=contacts] [name=phone]', phone)
    if email:
        b.type('[data-form=contacts] [name=email]', email)


def test_storefront_books_end_to_end_at_phone_width(t):
    # given the demo studio's location with an address (for the calendar file) and a client's phone
    api = owner_api(t)
    location = api.call('GET', '/locations', expect=200)['items'][0]
    api.call('PATCH', f'/locations/{location["id"]}', {'address': 'Москва, ул. Пречистенка, 12'}, expect=200)
    card = public(api, '')
    check(card['timezone'] == 'Europe/Moscow', f'the demo studio is in {card["timezone"]}')
    b = t.browser()

    # when the client opens the studio's page on a phone
    open_page(b, f'/book/{SLUG}')
    b.find('[data-screen=book-service] [data-service]')
    check(b.js('return document.documentElement.lang') == 'ru', 'the page does not speak the studio\'s language')
    categories = b.js('return [...document.querySelectorAll(".sf-category .sf-group-title")].map(x => x.textContent)')
    check(len(categories) >= 3, f'the services are not grouped by category: {categories}')
    price = b.find('[data-service] .sf-price').text
    check('₽' in price, f'a price reads {price!r}, not in roubles')
    check(b.js('return document.documentElement.scrollWidth <= window.innerWidth'), 'the page scrolls sideways at 390 px')
    shot(b, 'storefront-1-service')
    b.click('[data-service]')
    b.find('[data-screen=book-staff] [data-staff=any]')
    shot(b, 'storefront-2-staff')
    b.click('[data-staff]:not([data-staff=any])')
    b.find('[data-screen=book-day] [data-picker=day]')
    days = b.js('return [...document.querySelectorAll(".sf-day")].map(d => [d.dataset.date, d.disabled])')
    check(len(days) == 60, f'the day picker shows {len(days)} days, not 60')
    check(any(disabled for _, disabled in days) and any(not disabled for _, disabled in days),
          'a staff member with days off should leave some days disabled and some open')
    shot(b, 'storefront-3-day')
    open_days = [date for date, disabled in days if not disabled]
    b.click(f'.sf-day[data-date="{open_days[1]}"]')
    b.find('[data-screen=book-start] .sf-start')
    start = b.js('const s = document.querySelectorAll(".sf-start")[2];return {iso: s.dataset.start, local: s.dataset.local, text: s.textContent};')
    # then every start is shown in the studio's time (Moscow), not the browser's (UTC)
    check(start['iso'].endswith(ZONE_OFFSET) and start['iso'][11:16] == start['text'],
          f'the start {start["iso"]} is shown as {start["text"]!r}')
    shot(b, 'storefront-4-start')
    b.click(f'.sf-start[data-start="{start["iso"]}"]')

    # when the contacts are given without the data-processing consent, then the form says it is needed
    b.find('[data-form=contacts]')
    phone = unique_phone()
    fill_contacts(b, 'Алиса Онлайн', phone, unique_email('alisa'))
    check(b.js('return getComputedStyle(document.querySelector("[name=website]").closest(".sf-hp")).position') == 'absolute',
          'the honeypot field is not hidden')
    b.click('[data-action=to-confirm]')
    b.find('[data-field-error=consents]')
    shot(b, 'storefront-5-contacts')
    b.click('[data-field=consents] span')
    b.click('[data-action=to-confirm]')
    b.find('[data-screen=book-confirm] [data-action=confirm]')
    shot(b, 'storefront-6-confirm')
    b.click('[data-action=confirm]')

    # then the booking is done, with the manage link and the calendar file
    b.find('[data-screen=book-done] [data-booked]')
    shot(b, 'storefront-7-done')
    appointment_id = b.find('[data-booked]').get_attribute('data-booked')
    manage = b.find('[data-action=manage]').get_attribute('href')
    check(f'/book/{SLUG}/manage/{appointment_id}.' in manage, f'the manage link is {manage}')
    # and the staff see it: made online, at the chosen start in the studio's time, for the new client
    stored = api.call('GET', f'/appointments/{appointment_id}', expect=200)
    check(stored['source'] == 'storefront', f'the appointment\'s source is {stored["source"]}')
    check(stored['startsAt'] == start['iso'], f'the appointment starts at {stored["startsAt"]}, chosen {start["iso"]}')
    check(stored['status'] in ('pending', 'confirmed'), f'the appointment is {stored["status"]}')
    # and the .ics the page offers is the visit in UTC with the service, studio and address
    ics = b.js_async('const done = arguments[arguments.length - 1];'
                     'fetch(document.querySelector("[data-action=ics]").href).then(r => r.text()).then(done);')
    check(b.find('[data-action=ics]').get_attribute('download').endswith('.ics'), 'the calendar link is not a .ics download')
    lines = ics.split('\r\n')
    check(lines[0] == 'BEGIN:VCALENDAR' and 'END:VCALENDAR' in lines and 'BEGIN:VEVENT' in lines, f'not a calendar: {ics[:200]!r}')
    check(f'DTSTART:{utc_stamp(stored["startsAt"])}' in lines, f'DTSTART is not {utc_stamp(stored["startsAt"])} in {ics!r}')
    check(f'DTEND:{utc_stamp(stored["endsAt"])}' in lines, f'DTEND is not {utc_stamp(stored["endsAt"])}')
    check(any(line.startswith(f'UID:{appointment_id}@') for line in lines), 'the event has no UID of the booking')
    unfolded = ics.replace('\r\n ', '')
    summary = next((line for line in unfolded.split('\r\n') if line.startswith('SUMMARY:')), '')
    check(card['name'].replace(',', '\\,') in summary, f'SUMMARY names no studio: {summary!r}')
    check('LOCATION:Москва\\, ул. Пречистенка\\, 12' in unfolded, 'LOCATION is not the studio\'s address')

    # when the manage link is opened, then it shows the same visit
    open_page(b, manage.replace(b.base, ''))
    b.find(f'[data-screen=manage] [data-visit="{appointment_id}"]')
    shot(b, 'storefront-8-manage')


def test_storefront_taken_start_sends_the_client_back_to_pick_again(t):
    # given a client on the confirm step of a start with a named staff member
    api = owner_api(t)
    b = t.browser()
    open_page(b, f'/book/{SLUG}')
    start = walk_to_contacts(b, day_index=2)
    fill_contacts(b, 'Борис Опоздавший', unique_phone())
    b.click('[data-field=consents] span')
    b.click('[data-action=to-confirm]')
    b.find('[data-action=confirm]')
    # when someone else books that very start first (through the public API)
    other = public(api, '/book', {'serviceId': start['serviceId'], 'staffId': start['staffId'], 'startsAt': start['iso'],
                                  'name': 'Кто-то Быстрее', 'phone': unique_phone(), 'consents': ['data_processing']})
    check(other.get('appointment', {}).get('startsAt') == start['iso'], f'the other booking failed: {other}')
    b.click('[data-action=confirm]')
    # then the client is back at the starts, told why, with the taken start gone
    b.find('[data-screen=book-start] [data-notice=slot_taken]')
    offered = b.js('return [...document.querySelectorAll(".sf-start")].map(s => s.dataset.start)')
    check(start['iso'] not in offered, f'the taken start {start["iso"]} is still offered')
    shot(b, 'storefront-slot-taken')


def test_storefront_deposit_due_shows_the_payment_step(t):
    # given a studio whose policy asks every booking a 30 % deposit, with no payment provider yet
    api = t.api()
    email = unique_email('deposit')
    studio = api.register('Deposit Studio', email)
    slug = studio['tenant']['slug'] if 'tenant' in studio else api.call('GET', '/auth/me', expect=200)['tenant']['slug']
    api.post('/billing/plan', {'plan': 'veloria'}, expect=200)
    api.call('PUT', '/settings/deposit', {'policy': 'all', 'kind': 'percent', 'percent': 30, 'expiresAfterMinutes': 60}, expect=200)
    service = api.post('/services', {'category': 'Nails', 'name': 'Manicure', 'basePrice': '2000.00', 'durationMinutes': 60})
    week = {str(d): [['09:00', '21:00']] for d in range(1, 8)}
    api.post('/staff', {'name': 'Anna Deposit', 'serviceIds': [service['id']], 'schedule': week})
    b = t.browser()

    # when a client books on the page
    open_page(b, f'/book/{slug}')
    start = walk_to_contacts(b)
    fill_contacts(b, 'Dina Deposit', unique_phone())
    b.click('[data-field=consents] span')
    b.click('[data-action=to-confirm]')
    b.click('[data-action=confirm]')
    # then the payment step names the deposit; without a provider the API answers no payUrl, and the
    # page says the studio will ask for it instead of offering a button that leads nowhere
    b.find('[data-screen=book-payment] [data-payment=none]')
    amount = b.find('[data-amount]')
    check(amount.get_attribute('data-amount') == '600.00' and '600' in amount.text, f'the deposit reads {amount.text!r}')
    check(not b.driver.find_elements('css selector', '[data-action=pay]'), 'a pay button without a payUrl')
    shot(b, 'storefront-deposit-no-provider')
    booked = [a for a in api.call('GET', '/appointments?limit=50', expect=200)['items'] if a['startsAt'] == start['iso']]
    check(len(booked) == 1 and booked[0]['status'] == 'deposit_required', f'the booking is {booked}')
    b.click('[data-action=to-done]')
    b.find('[data-screen=book-done] .sf-done-icon.waiting')

    # when the studio connects YooKassa and another client books, then the step offers the API's payUrl
    api.call('PUT', '/integrations/yookassa', {'shopId': '123456', 'secretKey': 'test_browser_secret'}, expect=200)
    open_page(b, f'/book/{slug}')
    walk_to_contacts(b, day_index=2)
    fill_contacts(b, 'Eva Deposit', unique_phone())
    b.click('[data-field=consents] span')
    b.click('[data-action=to-confirm]')
    b.click('[data-action=confirm]')
    b.find('[data-screen=book-payment] [data-payment=link]')
    pay = b.find('[data-action=pay]')
    check(f'/api/v1/public/{slug}/pay/' in pay.get_attribute('href') and 'sig=' in pay.get_attribute('href'),
          f'the pay button leads to {pay.get_attribute("href")}')
    check('600' in pay.text, f'the pay button reads {pay.text!r}')
    shot(b, 'storefront-deposit-pay')


def test_storefront_speaks_english_with_lang_en(t):
    b = t.browser()
    # when the page is opened with ?lang=en (the demo studio speaks Russian)
    open_page(b, f'/book/{SLUG}?lang=en')
    b.find('[data-screen=book-service] [data-service]')
    # then it is in English, and can switch back
    check(b.js('return document.documentElement.lang') == 'en', 'the page is not in English')
    check(b.find('.sf-title').text == 'Choose a service', f'the title reads {b.find(".sf-title").text!r}')
    check(b.find('[data-lang=ru]').get_attribute('href').endswith('lang=ru'), 'no switch to Russian')
    b.click('[data-service]')
    check('Any specialist' in b.find('[data-staff=any]').text, 'the staff step is not in English')
    shot(b, 'storefront-en-staff')


def test_storefront_applies_the_studios_branding(t):
    b = t.browser()
    open_page(b, f'/book/{SLUG}')
    b.find('[data-screen=book-service]')
    # when the card's branding is applied (the contract: {logoUrl, primaryColor, accentColor}, nulls when unset)
    answer = b.js_async("""const done = arguments[arguments.length - 1];
        import('/book/js/branding.js').then((m) => {
            const logo = m.applyBranding({ logoUrl: '/favicon.svg', primaryColor: '#1f6f5c', accentColor: 'red; background: url(x)' });
            const unsafe = m.applyBranding({ logoUrl: 'javascript:alert(1)', primaryColor: null, accentColor: null });
            const css = getComputedStyle(document.documentElement);
            done({ logo, unsafe, primary: css.getPropertyValue('--sf-primary').trim(), accent: css.getPropertyValue('--sf-accent').trim() });
        });""")
    # then a valid colour becomes the page's primary, an invalid one and a script URL are ignored
    check(answer['primary'] == '#1f6f5c', f'the primary colour is {answer["primary"]}')
    check(answer['accent'] == '#c08552', f'an invalid accent was applied: {answer["accent"]}')
    check(answer['logo'].endswith('/favicon.svg') and answer['unsafe'] is None, f'logos: {answer["logo"]}, {answer["unsafe"]}')
    header = b.js('return getComputedStyle(document.querySelector(".sf-header")).backgroundColor')
    check(header == 'rgb(31, 111, 92)', f'the header is {header}, not the studio\'s colour')
