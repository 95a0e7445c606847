import sqlite3
from contextlib import closing

from helpers import connect


def use_once(db_path, jti):
    with closing(connect(db_path)) as db:
        try:
            db.execute('INSERT INTO spent (jti) VALUES (?)', (jti,))
        except sqlite3.IntegrityError:
            return False
    return True


check_use_once(use_once)
