from commission.cli import main

main()
