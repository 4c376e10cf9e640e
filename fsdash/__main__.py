from fsdash.cli.main import main

raise SystemExit(main())
