"""A local SMTP server for the browser tests: accepts every message on 127.0.0.1 and writes it to a
folder (one .eml file per message), so a test can read the invitation or reset email the server
really sent through its SMTP client (MAIL_URL=smtp://127.0.0.1:PORT?…&security=none).

    python3 smtp_sink.py PORT FOLDER
"""

import os
import socketserver
import sys
import time


class Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + '\r\n').encode())
        self.wfile.flush()

    def handle(self):
        self.reply('220 sink.local ESMTP test sink')
        sender, recipients = None, []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode('utf-8', 'replace').strip()
            verb = command.split(' ', 1)[0].upper()
            if verb in ('EHLO', 'HELO'):
                self.reply('250-sink.local')
                self.reply('250-8BITMIME')
                self.reply('250 SMTPUTF8')
            elif verb == 'MAIL':
                sender, recipients = command[10:].strip(), []
                self.reply('250 OK')
            elif verb == 'RCPT':
                recipients.append(command.split(':', 1)[1].strip().strip('<>'))
                self.reply('250 OK')
            elif verb == 'DATA':
                self.reply('354 End data with <CR><LF>.<CR><LF>')
                lines = []
                while True:
                    line = self.rfile.readline()
                    if not line or line in (b'.\r\n', b'.\n'):
                        break
                    lines.append(line[1:] if line.startswith(b'..') else line)
                self.store(sender, recipients, b''.join(lines))
                self.reply('250 OK stored')
            elif verb == 'RSET':
                sender, recipients = None, []
                self.reply('250 OK')
            elif verb == 'NOOP':
                self.reply('250 OK')
            elif verb == 'QUIT':
                self.reply('221 Bye')
                return
            else:
                self.reply('502 Command not implemented')

    def store(self, sender, recipients, data):
        folder = self.server.folder
        name = f'{time.time_ns()}.eml'
        header = ''.join(f'X-Sink-Rcpt: {r}\r\n' for r in recipients).encode()
        with open(os.path.join(folder, name + '.part'), 'wb') as f:
            f.write(header + data)
        os.rename(os.path.join(folder, name + '.part'), os.path.join(folder, name))  # readers never see half a message


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    with Server(('127.0.0.1', port), Session) as server:
        server.folder = folder
        server.serve_forever()


if __name__ == '__main__':
    main()
