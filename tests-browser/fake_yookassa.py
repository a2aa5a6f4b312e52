"""A local stand-in for YooKassa's API v3 for the browser tests (YOOKASSA_BASE_URL points at it): the
server's real YooKassa client talks to it over HTTP on 127.0.0.1. It keeps payments in memory:
a created payment is `pending`; reading it back answers `waiting_for_capture` when it was created
with `capture: false` (as if the client had paid at the checkout and the bank held the money), else
`succeeded`; capture (all or part) and cancel act like YooKassa's. Idempotence-Key replays answer
the first reply.

    python3 fake_yookassa.py PORT
"""

import sys
import threading
from http.server import ThreadingHTTPServer

from fake_json import JsonHandler

LOCK = threading.Lock()
PAYMENTS = {}
REPLIES = {}
COUNTER = [0]


def view(p):
    paid = p['status'] in ('succeeded', 'waiting_for_capture')
    return {
        'id': p['id'], 'status': p['status'], 'paid': paid, 'test': True,
        'amount': {'value': p['amount'], 'currency': p['currency']},
        'confirmation': {'type': 'redirect', 'confirmation_url': f'https://yoomoney.test/checkout/{p["id"]}'},
        'metadata': p['metadata'],
    }


class Handler(JsonHandler):


    def do_GET(self):
        parts = self.path.strip('/').split('/')
        with LOCK:
            if parts == ['v3', 'me']:
                return self.answer(200, {'account_id': '506751', 'test': True, 'status': 'enabled', 'fiscalization_enabled': False})
            if len(parts) == 3 and parts[:2] == ['v3', 'payments'] and parts[2] in PAYMENTS:
                p = PAYMENTS[parts[2]]
                if p['status'] == 'pending':  # the client has paid at the checkout meanwhile
                    p['status'] = 'succeeded' if p['capture'] else 'waiting_for_capture'
                return self.answer(200, view(p))
        self.answer(404, {'type': 'error', 'code': 'not_found'})

    def do_POST(self):
        parts = self.path.strip('/').split('/')
        body = self.body()
        key = f'{self.path}|{self.headers.get("Idempotence-Key")}'
        with LOCK:
            if key in REPLIES:
                return self.answer(*REPLIES[key])
            reply = self.route(parts, body)
            if reply[0] == 200:
                REPLIES[key] = reply
        self.answer(*reply)

    def route(self, parts, body):
        if parts == ['v3', 'payments']:
            COUNTER[0] += 1
            pid = f'2d9f1d6d-000f-5000-9000-{COUNTER[0]:012d}'
            PAYMENTS[pid] = {'id': pid, 'status': 'pending', 'amount': body['amount']['value'], 'currency': body['amount']['currency'],
                             'capture': body.get('capture', True), 'metadata': body.get('metadata', {})}
            return 200, view(PAYMENTS[pid])
        if len(parts) == 4 and parts[:2] == ['v3', 'payments'] and parts[2] in PAYMENTS:
            p = PAYMENTS[parts[2]]
            if p['status'] != 'waiting_for_capture':
                return 400, {'type': 'error', 'code': 'invalid_request', 'description': f'payment is {p["status"]}'}
            if parts[3] == 'capture':
                if body.get('amount'):
                    p['amount'] = body['amount']['value']
                p['status'] = 'succeeded'
                return 200, view(p)
            if parts[3] == 'cancel':
                p['status'] = 'canceled'
                return 200, view(p)
        return 404, {'type': 'error', 'code': 'not_found'}


if __name__ == '__main__':
    ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Handler).serve_forever()
