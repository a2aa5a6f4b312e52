"""The clients list as a desk uses it: a new client from the drawer, a filter saved under a name
and applied again, and a bulk tag and archive on a selection."""

from harness import check
from test_access import register_in_browser


def test_new_client_saved_filter_and_bulk_actions(t):
    # given a new studio's owner
    b = t.browser()
    register_in_browser(b, 'List Studio')
    b.open('/clients')
    # when three clients are created from the drawer ('n' opens it)
    for name, phone in [('Анна Список', '+79160000101'), ('Белла Список', '+79160000102'), ('Вера Другая', '+79160000103')]:
        b.open('/clients')
        b.click('button.new-client-button')
        b.type('form.new-client input[name=name]', name)
        b.type('form.new-client input[name=phone]', phone)
        b.click('form.new-client button[type=submit]')
        b.find('[data-screen=client-card]')
    # and the two "Список" clients are selected and tagged in one go
    b.open('/clients')
    b.type('[data-search]', 'Список')
    b.wait(lambda d: len(d.find_elements('css selector', '.client-row')) == 2 and b.find('.client-list').get_attribute('data-query') == 'Список', 10, 'two rows')
    for box in b.driver.find_elements('css selector', 'input.pick'):
        box.click()
    check('2' in b.find('.bulk-bar .bulk-count').text, 'the selection count is not shown')
    b.click('button.bulk-tag')
    b.type('form.bulk-tag-form input[name=tag]', 'весна')
    b.click('form.bulk-tag-form button[type=submit]')
    b.wait(lambda d: len(d.find_elements('css selector', '.client-row .chip-small')) == 2, 15, 'the tag on both rows')
    # when the tag filter is saved and the list is cleared, then the saved filter brings it back
    b.type('[data-search]', '')
    b.type('input.filter-tag', 'весна\n')
    b.wait(lambda d: len(d.find_elements('css selector', '.client-row')) == 2, 10, 'the tag filter')
    b.click('button.save-filter')
    b.type('form.save-filter-form input[name=name]', 'Весенние')
    b.click('form.save-filter-form button[type=submit]')
    b.open('/clients')
    b.wait(lambda d: len(d.find_elements('css selector', '.client-row')) == 3, 10, 'all three clients')
    b.click('.saved-filter[data-saved="Весенние"] a')
    b.wait(lambda d: len(d.find_elements('css selector', '.client-row')) == 2, 10, 'the saved filter applied')
    b.shot('clients-filtered')
    # when both are archived, then the list has only the third
    for box in b.driver.find_elements('css selector', 'input.pick'):
        box.click()
    b.click('button.bulk-archive')
    b.click('.dialog [data-action=ok]')
    b.wait(lambda d: len(d.find_elements('css selector', '.client-row')) == 0, 15, 'the archived clients to leave the list')
    b.open('/clients')
    b.wait(lambda d: [e.text for e in d.find_elements('css selector', '.client-row .client-name')] == ['Вера Другая'], 10, 'only the third client')
