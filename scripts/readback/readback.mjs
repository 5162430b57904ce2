// readback.mjs reads a fighter token through ethers.js only, from any
// JSON-RPC endpoint, and prints one JSON line: the owner, tokenURI, and the
// pointer history from the CoreUpdated and ERC-4906 MetadataUpdate events.
// It uses a human-readable ABI written from the standards (ERC-721, ERC-4906)
// and the documented CoreUpdated event, not Dojo's generated bindings.
//
// usage: node readback.mjs RPC_URL CONTRACT TOKEN_ID
import { JsonRpcProvider, Contract } from "ethers";

const [rpc, address, token] = process.argv.slice(2);
if (!rpc || !address || !token) {
  console.error("usage: node readback.mjs RPC_URL CONTRACT TOKEN_ID");
  process.exit(2);
}
const abi = [
  "function ownerOf(uint256 tokenId) view returns (address)",
  "function tokenURI(uint256 tokenId) view returns (string)",
  "function supportsInterface(bytes4 id) view returns (bool)",
  "event CoreUpdated(uint256 indexed tokenId, string previousCore, string newCore, address indexed by)",
  "event MetadataUpdate(uint256 _tokenId)",
];
const provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: true });
const c = new Contract(address, abi, provider);
const id = BigInt(token);
const [owner, uri, erc721, erc4906] = await Promise.all([
  c.ownerOf(id),
  c.tokenURI(id),
  c.supportsInterface("0x80ac58cd"),
  c.supportsInterface("0x49064906"),
]);
const updates = (await c.queryFilter(c.filters.CoreUpdated(id), 0, "latest")).map((e) => ({
  previous: e.args.previousCore,
  next: e.args.newCore,
  by: e.args.by,
  block: e.blockNumber,
}));
const metadataUpdates = (await c.queryFilter(c.filters.MetadataUpdate(), 0, "latest"))
  .filter((e) => e.args[0] === id).length;
console.log(JSON.stringify({ owner, tokenURI: uri, erc721, erc4906, updates, metadataUpdates }));
provider.destroy();
