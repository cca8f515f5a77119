from icraft.cli.main import run

run()
