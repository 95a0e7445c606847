# Solution: 00-start-here, exercise 2
from helpers.exercises import check_editor_payload

# Typing into the editor is the exercise; this line does the same from Python.
editor.payload_box.value = '{"course": "jwt"}'

check_editor_payload(editor)
