"""What a Python test needs from Debian: when it is missing, the test is
skipped (exit 77, ctest's SKIP_RETURN_CODE) with the package named."""
import importlib
import shutil
import sys


def skip(package):
    print(f"SKIP: {package} is not installed (apt-get install {package}; scripts/setup.sh --tests)")
    sys.exit(77)


def module(name, package):
    """The module `name`, imported, or a skip."""
    try:
        return importlib.import_module(name)
    except ImportError:
        skip(package)


def program(name, package):
    """The path of the program `name`, or a skip."""
    return shutil.which(name) or skip(package)
