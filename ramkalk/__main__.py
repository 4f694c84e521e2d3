import sys

from ramkalk.cli import main

sys.exit(main())
