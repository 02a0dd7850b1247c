from functions.local.platform import main

main()
