# Solution: 01-import, exercise 2
# Remove both packages (they share files in jwt/), then install PyJWT afresh; restart the kernel.
my_fix = "python -m pip uninstall -y jwt pyjwt && python -m pip install 'pyjwt>=2.15,<3'"

from helpers.exercises import check_fix_command
check_fix_command(my_fix)
