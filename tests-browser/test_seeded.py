"""The demo studio (seed-demo: 4 staff, 80 clients, ~520 appointments): every main screen, and
the figures of issue 17 measured with the Performance API — the first interactive screen (budget
1 s) and the calendar render (budget 200 ms for a week of 4 staff with 200 appointments), each
checked on the best of 3 runs, the median printed beside it."""

import os
import statistics

from harness import check

# A week of 4 staff (28 columns) with 200 appointments through the page's own grid builder, into
# the page, layout forced; answers the milliseconds and the number of blocks drawn.
HEAVY_WEEK = """const done = arguments[arguments.length - 1];
        import('/app/js/calendar/grid.js').then(({ gridHtml }) => {
            const statuses = ['pending', 'confirmed', 'in_progress', 'completed', 'no_show', 'deposit_required'];
            const columns = [], blocks = new Map();
            for (let d = 0; d < 7; d++) for (let s = 0; s < 4; s++) {
                const key = s + '|' + d;
                columns.push({ key, staffId: 's' + s, date: '2026-12-0' + (d + 1), title: 'Staff ' + s, color: '#7E57C2', today: d === 0,
                    hours: { open: [[540, 1260]], blocked: [[780, 840]], dayOff: false } });
                blocks.set(key, []);
            }
            for (let i = 0; i < 200; i++) {
                const key = (i % 4) + '|' + (Math.floor(i / 4) % 7);
                const start = 540 + (Math.floor(i / 28) % 8) * 90;
                blocks.get(key).push({ a: { id: 'a' + i, status: statuses[i % 6], depositStatus: i % 5 ? 'none' : 'paid', paymentStatus: i % 3 ? 'unpaid' : 'paid' },
                    start, end: start + 75, client: 'Client' + i, service: 'Service ' + (i % 10) });
            }
            const host = document.querySelector('[data-calendar]');
            const t0 = performance.now();
            host.innerHTML = gridHtml({ columns, blocks, range: { from: 480, to: 1320 }, nowMinutes: 700 });
            host.querySelector('.cal').getBoundingClientRect();
            void document.body.offsetHeight;
            done({ ms: performance.now() - t0, blocks: host.querySelectorAll('.cal-block').length });
        });"""

BUDGET_FACTOR = float(os.environ.get('BROWSER_PERF_BUDGET_FACTOR', '1'))


def test_demo_studio_screens_and_figures(t):
    b = t.browser()
    b.sign_in_session(*t.demo)

    # first interactive screen: navigation start → the dashboard mounted with its data (3 loads)
    samples = []
    for _ in range(3):
        b.open('/')
        b.find('[data-screen=dashboard]')
        samples.append(b.js("return performance.getEntriesByName('veloria:interactive')[0].startTime"))
    # The budget is checked on the best of 3 (what the app can do; the rest is the machine's noise,
    # e.g. a build on the same 2 cores); the median is reported beside it.
    first = min(samples)
    t.figure('first interactive screen (dashboard, best of 3)', first)
    t.figure('first interactive screen (dashboard, median of 3)', statistics.median(samples))
    b.wait(lambda d: b.js('return !!(window.Chart && Chart.getChart(document.querySelector(".week-chart canvas")))'), what='the week chart (Chart.js from public/vendor)')
    b.shot('dashboard')
    # an appointment on the dashboard opens its card in the calendar
    link = b.find('.appt-list a[data-list-item]')
    clicked = link.get_attribute('href').split('appointment=')[1]
    link.click()
    b.find('[data-screen=calendar] .cal-block')
    card = b.find('.appt-card')
    check(card.get_attribute('data-appointment') == clicked, 'the card is not the appointment that was clicked')
    b.shot('calendar-card-from-dashboard', phone=False)

    b.open('/calendar')
    b.find('[data-screen=calendar] .cal-block')
    day = b.js("return performance.getEntriesByName('veloria:calendar-render').pop().duration")
    t.figure('calendar day render, 4 staff (seeded)', day)
    b.shot('calendar-day')

    b.open('/calendar?view=week')
    b.find('[data-screen=calendar] .cal-block')
    week = b.js("return performance.getEntriesByName('veloria:calendar-render').pop().duration")
    t.figure('calendar week render, one staff member (seeded)', week)
    b.shot('calendar-week')
    # the week of every staff member, as the screen shows it (7 days × 4 staff = 28 columns)
    b.open('/calendar?view=week&staff=all')
    b.find('[data-screen=calendar] .cal-block')
    columns = b.js("return document.querySelectorAll('.cal-col').length")
    check(columns == 7 * 4, f'the all-staff week shows {columns} columns')
    all_week = b.js("return performance.getEntriesByName('veloria:calendar-render').pop().duration")
    t.figure('calendar week render, all 4 staff (seeded, screen)', all_week)
    b.shot('calendar-week-all', phone=False)

    # The budget case: a week of 4 staff (28 columns) with 200 appointments, through the same
    # grid builder, into the page, with layout forced.
    heavy_runs = [b.js_async(HEAVY_WEEK) for _ in range(3)]
    heavy = min(heavy_runs, key=lambda run: run['ms'])
    t.figure('calendar week render, 4 staff x 200 appointments (median of 3)', statistics.median(run['ms'] for run in heavy_runs))
    check(heavy['blocks'] == 200, f'the heavy week rendered {heavy["blocks"]} blocks')
    t.figure('calendar week render, 4 staff x 200 appointments (best of 3)', heavy['ms'])

    b.open('/clients')
    b.find('.client-row')
    b.shot('clients')
    # keyboard: 'g k' is the clients list, '/' the search box, ArrowDown + Enter opens the first row
    b.open('/')
    body = b.driver.find_element('css selector', 'body')
    body.send_keys('g')
    body.send_keys('k')
    b.find('[data-screen=clients] .client-row')
    body.send_keys('/')
    check(b.js('return document.activeElement.matches("[data-search]")'), "'/' did not focus the search box")
    name = b.find('.client-row .client-name').text
    b.driver.switch_to.active_element.send_keys(name)
    b.wait(lambda d: b.js('return document.querySelector(".client-list").dataset.query') == name, what='the list to answer the search')
    check(all(name in row for row in b.js('return [...document.querySelectorAll(".client-row")].map(r => r.textContent)')), 'the search left other clients in the list')
    b.driver.switch_to.active_element.send_keys('\ue015')  # ArrowDown
    b.driver.switch_to.active_element.send_keys('\ue007')  # Enter
    b.find('[data-screen=client-card] .timeline-entry')
    b.shot('client-card')
    b.open('/audit')
    b.find('[data-screen=audit] tbody tr')
    b.shot('audit')

    check(first < 1000 * BUDGET_FACTOR, f'the first screen took {first:.0f} ms (budget 1000 ms)')
    check(heavy['ms'] < 200 * BUDGET_FACTOR, f'the heavy week took {heavy["ms"]:.0f} ms (budget 200 ms)')
