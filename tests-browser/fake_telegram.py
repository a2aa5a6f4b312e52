"""A local stand-in for the Telegram Bot API for the browser tests (TELEGRAM_BASE_URL points at it):
the server's real Bot API client talks to it over HTTP on 127.0.0.1. `POST /bot<token>/<method>`
answers getMe (the bot @VeloriaTestBot), setWebhook, deleteWebhook, setChatMenuButton, sendMessage, editMessageText and
answerCallbackQuery as Telegram does; `GET /calls` lists every call received (method and JSON body),
so a test can read the webhook secret the server set or the bot's answers.

    python3 fake_telegram.py PORT
"""

import sys
import threading
from http.server import ThreadingHTTPServer

from fake_json import JsonHandler

LOCK = threading.Lock()
CALLS = []
COUNTER = [100]


class Handler(JsonHandler):

    def do_GET(self):
        if self.path == '/calls':
            with LOCK:
                return self.answer(200, list(CALLS))
        self.answer(404, {'ok': False, 'error_code': 404, 'description': 'Not Found'})

    def do_POST(self):
        parts = self.path.strip('/').split('/')
        if len(parts) != 2 or not parts[0].startswith('bot') or ':' not in parts[0]:
            return self.answer(404, {'ok': False, 'error_code': 404, 'description': 'Not Found'})
        method = parts[1]
        body = self.body()
        with LOCK:
            CALLS.append({'method': method, 'body': body})
            COUNTER[0] += 1
            message_id = COUNTER[0]
        if method == 'getMe':
            return self.answer(200, {'ok': True, 'result': {'id': 7000001, 'is_bot': True, 'first_name': 'Studio', 'username': 'VeloriaTestBot'}})
        if method in ('setWebhook', 'deleteWebhook', 'answerCallbackQuery', 'setChatMenuButton'):
            return self.answer(200, {'ok': True, 'result': True})
        if method in ('sendMessage', 'editMessageText'):
            chat = body.get('chat_id')
            return self.answer(200, {'ok': True, 'result': {'message_id': message_id, 'chat': {'id': chat, 'type': 'private'}, 'text': body.get('text', '')}})
        self.answer(400, {'ok': False, 'error_code': 400, 'description': f'Bad Request: method {method} not found'})


if __name__ == '__main__':
    server = ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Handler)
    server.serve_forever()
