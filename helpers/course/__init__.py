"""The course itself as data, and the learner's journey through it.

- `catalog`: the course map from `data/course.json`: each notebook's title, minutes and
  prerequisites, the tracks, and the paths by goal;
- `questions`: the concept checks, one `data/questions/<notebook>.json` per notebook;
- `glossary`: the terms of `data/glossary.json` and where each is first explained;
- `progress`: what a learner has done, in a progress file in the course folder;
- `backup`: the learner's notebooks and progress as one download, and back;
- `classroom`: every learner's progress as one table, for the instructor.

Nothing here imports PyJWT or ipywidgets: the hub's service and the command line read it too.
"""
