# Solution: 00-start-here, exercise 1
my_count = editor.token.count('.') + 1        # two dots, three parts

check_part_count(my_count)
