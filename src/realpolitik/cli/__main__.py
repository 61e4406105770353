from realpolitik.cli import app

app()
