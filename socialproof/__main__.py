from socialproof.cli import main

main()
