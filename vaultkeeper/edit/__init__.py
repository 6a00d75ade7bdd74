"""The write side: change one note minimally, or create one, or do nothing at all.

`engine` reads, verifies and writes; `yaml_splices` and `log_line` make the text splices;
`plans` turns each write command into splices plus the result it must read back as;
`new_note` creates contact notes.
"""
