// Preloaded into the peer gateways (`node --import`): every server they start listens on 127.0.0.1 only.
// Portkey's start-server.js calls serve({ port }) and nullplatform's gateway app.listen(port), both with no host,
// which would bind every interface.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const rest = args.slice(1);
    if (typeof rest[0] === 'string' || rest[0] === undefined || rest[0] === null) rest.shift();
    return listen.call(this, Number(first), '127.0.0.1', ...rest);
  }
  if (first && typeof first === 'object' && first.path === undefined) {
    return listen.call(this, { ...first, host: '127.0.0.1' }, ...args.slice(1));
  }
  return listen.apply(this, args);
};
