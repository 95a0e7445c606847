# Solution: 01-import, exercise 2
# Remove the unrelated `jwt` package, then install PyJWT (and restart the kernel).
my_fix = "python -m pip uninstall -y jwt && python -m pip install pyjwt"

from helpers.exercises import check_fix_command
check_fix_command(my_fix)
