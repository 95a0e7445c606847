"""Personal accounts for the one-server hub: FirstUseAuthenticator (each learner sets a password
at first login), with the course's rules for names, and, on a root hub, one Unix account each.

jwt_hub.personal_accounts chooses the class and configures it.
"""

from __future__ import annotations

import asyncio
import grp
import pwd
import shlex
from typing import Any

from firstuseauthenticator import FirstUseAuthenticator
from jupyterhub.auth import LocalAuthenticator
from traitlets import Unicode


class CourseAccounts(FirstUseAuthenticator):
    """A password per learner, chosen at first login (no Unix accounts: a hub not run as root)."""

    async def authenticate(self, handler: Any, data: dict[str, str]) -> str | None:
        # FirstUseAuthenticator stores a new name's password before JupyterHub validates the
        # name: refuse a name that can never log in before anything is stored for it.
        if not self.validate_username(self.normalize_username(data.get("username", ""))):
            return None
        return await super().authenticate(handler, data)


class SystemCourseAccounts(CourseAccounts, LocalAuthenticator):
    """The same, and a Unix account per learner, made by the hub the first time they log in.

    An existing Unix account is only ever given to a name the hub made itself (a member of
    `learner_group`): `root`, `nobody` or a colleague's account cannot be claimed.
    """

    learner_group = Unicode("jwt-learners", config=True,
                            help="The Unix group of the accounts this hub created.")
    _creating = asyncio.Lock()

    def validate_username(self, name: str) -> bool:
        if not super().validate_username(name):
            return False
        try:
            pwd.getpwnam(name)
        except KeyError:
            return True  # a new learner: the hub will make the account
        try:
            return name in grp.getgrnam(self.learner_group).gr_mem
        except KeyError:
            return False

    async def add_system_user(self, user: Any) -> None:
        """useradd, without blocking the hub while it runs, and one at a time (it locks
        /etc/passwd)."""
        command = [argument.replace("USERNAME", user.name) for argument in self.add_user_cmd]
        command.append(user.name)
        async with self._creating:
            self.log.info("Creating user: %s", shlex.join(command))
            process = await asyncio.create_subprocess_exec(
                *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
            output, _ = await process.communicate()
        if process.returncode:
            raise RuntimeError(f"Failed to create system user {user.name}: {output.decode(errors='replace')}")
