"""The plan and the tenant as the UI shows them: a plan-locked screen explains the upgrade, and a
second studio cannot open the first studio's client by URL."""

import uuid

from harness import check, unique_email


def register_in_browser(b, studio):
    """Signs up a studio from inside the browser (so the browser holds the owner's session)."""
    b.driver.get(f'{b.base}/app/')
    email = unique_email(studio.lower().replace(' ', '-'))
    status = b.js_async("""const done = arguments[arguments.length - 1];
        fetch('/api/v1/auth/register', {method: 'POST', headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({name: arguments[0], slug: arguments[1], ownerName: 'Owner', ownerEmail: arguments[2],
                ownerPassword: 'browser-test-pw', timezone: 'Europe/Moscow', locale: 'ru'})}).then(r => done(r.status));""",
        studio, f'{studio.lower().replace(" ", "-")}-{uuid.uuid4().hex[:6]}', email)
    check(status == 201, f'sign-up of {studio} answered {status}')
    return email


def test_plan_gated_menu_item_shows_upgrade_on_ivory(t):
    # given a new studio (plan Ivory) whose owner may read the audit log but whose plan does not open it
    b = t.browser()
    register_in_browser(b, 'Ivory Studio')
    b.open('/')
    # then the audit log stays in the menu with a lock
    locked = b.find('#nav a.menu-item.locked[data-menu="/audit"]')
    check('lock' in locked.text, 'the locked menu item has no lock icon')
    check(not b.driver.find_elements('css selector', '#nav a.menu-item.locked[data-menu="/calendar"]'), 'the calendar is locked on Ivory')
    # when it is opened, then an upgrade card names the plan that opens it
    b.click('#nav a.menu-item.locked[data-menu="/audit"]')  # scrolled into view: the menu is long now
    card = b.find('[data-screen=upgrade][data-feature="security.audit"]')
    check('Imperium' in card.text, f'the upgrade card does not name Imperium: {card.text!r}')
    check(b.find('#nav [data-menu="/calendar"]').is_displayed(), 'the desk sidebar closed after a menu choice')
    b.shot('upgrade')


def test_second_studio_cannot_open_first_studios_client(t):
    # given studio A with a client
    a = t.api()
    a.register('Studio A', unique_email('studio-a'))
    client = a.post('/clients', {'name': 'Секретная Клиентка', 'phone': '+79161234567'})
    # when studio B's owner opens that client's URL
    b = t.browser()
    register_in_browser(b, 'Studio B')
    b.open(f'/clients/{client["id"]}')
    # then a not-found page, none of the client's data
    b.find('[data-screen=not-found]')
    check('Секретная' not in b.text() and '1234567' not in b.text(), 'studio B sees studio A\'s client data')
    b.shot('not-found')
    # and studio A's own owner does see the card (the URL itself works)
    a_browser = t.browser()
    a_browser.driver.get(f'{t.base}/app/')
    a_browser.driver.add_cookie({'name': 'veloria_session', 'value': next(c.value for c in a.jar if c.name == 'veloria_session'), 'path': '/'})
    a_browser.open(f'/clients/{client["id"]}')
    a_browser.find('[data-screen=client-card]')
    check('Секретная Клиентка' in a_browser.text(), 'the owner cannot see her own client')
