"""The JupyterLab + Chromium driver shared by the browser tests and the benchmark.

`lab` starts a private JupyterLab and drives pages in it, `views` finds the course widgets in
a page, `widget_notebooks` writes small notebooks with one widget each. Tools never import from
tests/; tests/browser/{lab,views,widget_notebooks}.py re-export these modules' names.
"""
