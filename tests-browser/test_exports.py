"""The owner's export of all data: requested from its screen, followed to ready, downloaded as a
ZIP; a receptionist has no such menu item."""

from harness import check
from test_access import register_in_browser


def test_owner_exports_all_data_and_downloads_the_zip(t):
    # given the owner of a new studio with one client
    b = t.browser()
    register_in_browser(b, 'Export Studio')
    created = b.js_async("""const done = arguments[arguments.length - 1];
        fetch('/api/v1/auth/me').then(r => r.json()).then(me => fetch('/api/v1/clients', {method: 'POST',
            headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken},
            body: JSON.stringify({name: 'Экспорт Клиентка', phone: '+79161112233'})})).then(r => done(r.status));""")
    check(created == 201, f'creating the client answered {created}')
    # when the export is requested from its screen
    b.open('/exports')
    b.find('#nav [data-menu="/exports"]')
    b.click('button.start-export')
    # then it reaches ready (the server's own workers build it) and offers the download
    link = b.find('tr [data-status="ready"]', timeout=60)
    check(link is not None, 'the export never became ready')
    href = b.find('a.download').get_attribute('href')
    answer = b.js_async("""const done = arguments[arguments.length - 1];
        fetch(arguments[0]).then(async r => done([r.status, r.headers.get('content-type'), new Uint8Array(await r.arrayBuffer()).slice(0, 2).join(',')]));""",
        href)
    check(answer[0] == 200 and answer[1] == 'application/zip', f'the download answered {answer}')
    check(answer[2] == '80,75', f'the download is not a ZIP (first bytes {answer[2]})')
    check(b.find('button.start-export').is_enabled(), 'a finished export does not block the next one')
    b.shot('exports')
