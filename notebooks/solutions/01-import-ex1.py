# Solution: 01-import, exercise 1
from importlib.metadata import version

my_version = version('pyjwt')                 # the name you pip install, not the module name

from helpers.exercises import check_version_answer
check_version_answer(my_version)
