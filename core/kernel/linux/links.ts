/**
 * LinuxKernel's links, addresses and routes. They are spoken over rtnetlink
 * (netlink-route.ts) rather than by running iproute2: forking `ip` cost
 * about 8 processes and several milliseconds each per container. Each call
 * still matches one command a learner can type: linkAdd = `ip link add`,
 * linkSet = `ip link set`, linkDelete = `ip link del`, links = `ip -d addr
 * show`, addrAdd = `ip addr add`, routeAdd = `ip route add`, routes = `ip
 * route show`.
 */
export { addrAdd, linkAdd, linkDelete, linkSet, links, routeAdd, routes } from './netlink-route.js';
