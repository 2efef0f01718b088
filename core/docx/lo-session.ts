/**
 * One LibreOffice kept running for the page passes of an export. `soffice --convert-to` starts LibreOffice for
 * each probe, and starting takes more than half of a pass (about 3 s of 5 on a loaded 2-core machine); an export
 * lays out up to four probes. Here a small Python program (LibreOffice's own UNO bridge: Debian's python3-uno,
 * the python.exe that ships in LibreOffice's program folder on Windows) starts LibreOffice once, lays out every
 * probe it is given on stdin and reads the layout back (or converts a document to PDF), and stops when stdin
 * closes (so it also stops when we exit, however we exit).
 * Started early (while photos are resized), it is ready when the first probe is. When the bridge is missing or
 * fails, the caller converts with `soffice --convert-to` as before: same layout, only slower.
 *
 * Effects (a child process, temp files) live here, at the edge.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';

const DRIVER = String.raw`
import glob, json, os, queue, re, shutil, signal, subprocess, sys, tempfile, threading, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

MARK = re.compile(r"QAR(?:TOC|ROW)[0-9_]+#\s*\d+\s*#")

def toc_marks(doc):
    # the markers are all in the TOC section, at the start: its paragraphs are read one by one up to the first
    # paragraph after them in another style (the body's first heading); the whole document's text, which took
    # 0.5-1.5 s for a 100-page probe, only when none were found that way
    found, styles = [], set()
    paragraphs = doc.getText().createEnumeration()
    while paragraphs.hasMoreElements():
        p = paragraphs.nextElement()
        if not p.supportsService("com.sun.star.text.Paragraph"):
            if found:
                break
            continue
        m = MARK.findall(p.getString())
        if m:
            found += m
            styles.add(p.ParaStyleName)
        elif found and p.ParaStyleName not in styles:
            break
    return found or MARK.findall(doc.getText().getString())

def layout(doc, anchors):
    # what the page pass needs, read from LibreOffice's own layout (no PDF written and read back): the text of
    # the probe's markers (their PAGEREF fields hold body page numbers once laid out), the last page, and for
    # each given heading its page and how much of the page before it is used (1/100 mm, first to last line)
    # the fields first: the TOC's PAGEREF fields then hold numbers, which can make the TOC section longer (the demo's
    # by two pages), and every page below is read from that one layout. The last page was once read before the
    # refresh and the headings after it, which put the body's last page two pages short. The last page is the
    # controller's PageCount: right after the refresh the view cursor's last page was once seen still on the old
    # layout (36) while PageCount already gave the new one (38)
    doc.getTextFields().refresh()
    controller = doc.getCurrentController()
    last = controller.getPropertyValue("PageCount")
    vc = controller.getViewCursor()
    marks = " ".join(toc_marks(doc))
    bookmarks = doc.getBookmarks()
    heads = {}
    for a in anchors:
        if not bookmarks.hasByName(a):
            continue
        vc.gotoRange(bookmarks.getByName(a).getAnchor().getStart(), False)
        page = vc.getPage()
        used = None
        if page > 1 and vc.jumpToPage(page - 1):
            vc.jumpToStartOfPage()
            top = vc.getPosition().Y
            vc.jumpToEndOfPage()
            used = vc.getPosition().Y - top
        heads[a] = [page, used]
    return {"marks": marks, "last": last, "heads": heads}

soffice, profile, pipe, template = sys.argv[1:5]
# in a process group of its own (POSIX): soffice is a launcher that starts soffice.bin as its child, so killing
# the launcher alone would leave LibreOffice running with nobody to stop it
office = subprocess.Popen([soffice, "-env:UserInstallation=" + profile, "--headless", "--invisible", "--nologo",
                          "--norestore", "--accept=pipe,name=" + pipe + ";urp;"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=(os.name == "posix"))

def kill_office():
    # the launcher and everything it started: its process group here, its process tree on Windows
    try:
        if os.name == "posix":
            os.killpg(office.pid, signal.SIGKILL)
        else:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(office.pid)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=20)
    except Exception:
        pass
    try:
        office.kill()
        office.wait(timeout=20)
    except Exception:
        pass
# requests are read on a thread of their own, so that stdin closing (the export needed no layout after all, or
# our parent left) is seen at once, also while LibreOffice is still starting
requests = queue.Queue()
def read_requests():
    for line in sys.stdin:
        requests.put(line)
    requests.put(None)
threading.Thread(target=read_requests, daemon=True).start()

desktop = None
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = None
    for _ in range(3000):
        try:
            ctx = resolver.resolve("uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext")
            break
        except Exception:
            if office.poll() is not None or (requests.qsize() and requests.queue[-1] is None):
                break
            time.sleep(0.02)
    if ctx is None:
        print("ERR start", flush=True)
        sys.exit(1)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    print("READY", flush=True)
    while True:
        line = requests.get()
        if line is None:
            break
        verb, src, arg = line.rstrip("\n").split("\t")
        try:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
            try:
                if verb == "PDF":
                    doc.storeToURL(uno.systemPathToFileUrl(arg), (prop("FilterName", "writer_pdf_Export"),))
                    print("OK", flush=True)
                else:
                    print("OK " + json.dumps(layout(doc, json.loads(arg))), flush=True)
            finally:
                doc.close(True)
        except Exception as e:
            print("ERR " + str(e).replace("\n", " "), flush=True)
finally:
    # a clean stop: LibreOffice removes its pipe and profile locks
    if desktop is not None:
        try:
            desktop.terminate()
        except Exception:
            pass
    clean = False
    try:
        if desktop is None:
            kill_office()  # stopped while starting: nothing of it is kept
        clean = office.wait(timeout=20) == 0 and desktop is not None
    except Exception:
        kill_office()
    # the first clean stop leaves its profile as the template later sessions start from (renamed into place
    # whole, so a session never copies half a template)
    if clean and template and not os.path.exists(template):
        made = template + ".part-" + pipe
        try:
            shutil.copytree(uno.fileUrlToSystemPath(profile), made)
            os.makedirs(os.path.dirname(template), exist_ok=True)
            os.rename(made, template)
        except OSError:
            shutil.rmtree(made, ignore_errors=True)
    for left in glob.glob(os.path.join(tempfile.gettempdir(), "OSL_PIPE_*_" + pipe)):
        try:
            os.remove(left)
        except OSError:
            pass
    shutil.rmtree(os.path.dirname(os.path.abspath(__file__)), ignore_errors=True)
`;

/** A Python that has LibreOffice's uno module: the one in LibreOffice's program folder, else the system's. */
function unoPython(soffice: string): string | undefined {
  let dir = dirname(soffice);
  try {
    dir = dirname(realpathSync(soffice));
  } catch {
    // keep the folder found
  }
  const candidates = [join(dir, 'python.exe'), join(dir, 'python'), '/usr/bin/python3'];
  for (const py of candidates) {
    if (!existsSync(py)) continue;
    try {
      execFileSync(py, ['-c', 'import uno'], { stdio: 'ignore', timeout: 15_000 });
      return py;
    } catch {
      // no uno here
    }
  }
  return undefined;
}

// what the driver prints for LAYOUT: checked, as anything read from another process
const sessionLayoutSchema = z.object({
  marks: z.string(),
  last: z.number().int().positive(),
  heads: z.record(z.string(), z.tuple([z.number().int().positive(), z.number().nullable()])),
});
export type SessionLayout = z.infer<typeof sessionLayoutSchema>;

/** Lays out .docx files (or converts them to PDF) in one running LibreOffice. */
export class LibreOfficeSession {
  private child: ChildProcess;
  /** its folder (driver, profile): every process of the session names it in its command line */
  readonly dir: string;
  private lines: string[] = [];
  private waiters: ((line: string | undefined) => void)[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private dead = false;
  readonly ready: Promise<boolean>;

  private constructor(python: string, soffice: string, template = '') {
    this.dir = mkdtempSync(join(tmpdir(), 'qar-lo-session-'));
    const driver = join(this.dir, 'driver.py');
    writeFileSync(driver, DRIVER);
    const profileDir = join(this.dir, 'profile');
    // a copy of a profile made before (see libreOfficeProfileTemplate): LibreOffice starts about a second sooner.
    // A copy, never the template itself: two exports at once must not share a profile (LibreOffice would hand
    // the second one's work to the first instance)
    if (template && existsSync(template))
      try {
        cpSync(template, profileDir, { recursive: true });
      } catch {
        rmSync(profileDir, { recursive: true, force: true }); // LibreOffice makes a fresh one
      }
    const profile = pathToFileURL(profileDir).href;
    const pipe = `qar${process.pid}_${randomBytes(12).toString('hex')}`; // unguessable; the socket is the user's own (0755)
    this.child = spawn(python, [driver, soffice, profile, pipe, template], { stdio: ['pipe', 'pipe', 'ignore'] });
    let buf = '';
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const w = this.waiters.shift();
        if (w) w(line);
        else this.lines.push(line);
      }
    });
    const end = () => {
      this.dead = true;
      for (const w of this.waiters.splice(0)) w(undefined);
    };
    this.child.on('exit', end);
    this.child.on('error', () => {
      end();
      rmSync(this.dir, { recursive: true, force: true }); // never started: nobody else removes it
    });
    this.child.stdin?.on('error', end);
    this.ready = this.nextLine(120_000).then((l) => l === 'READY');
  }

  /** A session when LibreOffice and a Python with its bridge are here, else undefined. */
  static start(soffice: string, opts: { profileTemplate?: string } = {}): LibreOfficeSession | undefined {
    const python = unoPython(soffice);
    return python ? new LibreOfficeSession(python, soffice, opts.profileTemplate) : undefined;
  }

  private nextLine(timeoutMs: number): Promise<string | undefined> {
    const l = this.lines.shift();
    if (l !== undefined) return Promise.resolve(l);
    if (this.dead) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(undefined);
      }, timeoutMs);
      const done = (line: string | undefined) => {
        clearTimeout(timer);
        resolve(line);
      };
      this.waiters.push(done);
    });
  }

  /** One request to the driver; its answer line, or undefined when the session broke. One at a time, in order. */
  private ask(request: string, timeoutMs: number): Promise<string | undefined> {
    const job = this.queue.then(async () => {
      if (!(await this.ready) || this.dead) return undefined;
      this.child.stdin?.write(`${request}\n`);
      const line = await this.nextLine(timeoutMs);
      if (line === undefined) this.close(); // hung or gone: never reused
      return line;
    });
    this.queue = job.catch(() => undefined);
    return job;
  }

  /** docx → pdf; resolves true when LibreOffice wrote it. */
  async convert(input: string, output: string, timeoutMs = 120_000): Promise<boolean> {
    return (await this.ask(`PDF\t${input}\t${output}`, timeoutMs)) === 'OK';
  }

  /**
   * Lays a .docx out and reads its layout back (see the driver's `layout`): the probe markers' text, the last
   * page, and per heading anchor its page and the used height of the page before it. Pages are physical pages
   * (cover and TOC included). Undefined when LibreOffice could not.
   */
  async layout(input: string, anchors: readonly string[], timeoutMs = 120_000): Promise<SessionLayout | undefined> {
    const line = await this.ask(`LAYOUT\t${input}\t${JSON.stringify(anchors)}`, timeoutMs);
    if (!line?.startsWith('OK ')) return undefined;
    try {
      return sessionLayoutSchema.parse(JSON.parse(line.slice(3)));
    } catch {
      return undefined;
    }
  }

  /**
   * Stops LibreOffice: stdin closed, the driver terminates it (one still starting finds its stdout closed and
   * kills it) and removes its folder, profile and all. Never waited for: the export is done.
   */
  close(): void {
    if (!this.dead) {
      this.child.stdin?.end();
      this.child.stdout?.destroy();
      this.child.unref();
    }
    this.dead = true;
    // nothing of ours may keep the process alive: a session closed while LibreOffice is still starting has a
    // waiter (and its timer) for READY
    for (const w of this.waiters.splice(0)) w(undefined);
  }
}
