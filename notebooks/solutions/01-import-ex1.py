# Solution: 01-import, exercise 1
my_version = jwt.__version__

from helpers.exercises import check_version_answer
check_version_answer(my_version)
