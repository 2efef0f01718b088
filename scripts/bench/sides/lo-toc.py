"""
The pandoc side's page numbers (report bench, "pandoc+LO"): what a pandoc user runs to get a .docx whose 目录 shows
page numbers on plain open, as ours does. pandoc --toc writes the TOC as a field without entries, so LibreOffice
opens the file, updates its indexes (laying the whole document out, photos and all) and saves it as .docx again.
`python3 lo-toc.py IN.docx OUT.docx [PROFILE]` (python with LibreOffice's uno module), one LibreOffice of its
own; PROFILE, a LibreOffice user profile folder kept between runs (as a pandoc user's own profile would be, and as
ours starts from a copy of one), else a fresh one.
"""
import os, shutil, signal, subprocess, sys, tempfile, time
import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


src, dst = (os.path.abspath(a) for a in sys.argv[1:3])
kept = len(sys.argv) > 3
home = os.path.abspath(sys.argv[3]) if kept else tempfile.mkdtemp(prefix="qar-bench-lo-")
pipe = "qarbench%d" % os.getpid()
office = subprocess.Popen(["soffice", "-env:UserInstallation=file://" + home, "--headless", "--invisible", "--nologo",
                           "--norestore", "--accept=pipe,name=" + pipe + ";urp;"],
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          # soffice is a launcher: soffice.bin, its child, must go with it (same as core/proc)
                          start_new_session=(os.name != "nt"))
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = None
    for _ in range(1200):
        try:
            ctx = resolver.resolve("uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.05)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()
    doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "MS Word 2007 XML"),))
    doc.close(True)
    desktop.terminate()
    office.wait(timeout=60)
finally:
    if office.poll() is None:
        if os.name == "nt":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(office.pid)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        else:
            try:
                os.killpg(office.pid, signal.SIGKILL)
            except OSError:
                office.kill()
    if not kept:
        shutil.rmtree(home, ignore_errors=True)
