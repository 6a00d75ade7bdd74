from .shortcut import main

main()
