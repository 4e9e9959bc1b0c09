from casework.cli.main import main

main()
