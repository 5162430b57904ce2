// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title Dojo fighters
/// @notice Each token is a fighter: an AI agent whose Core (its Brain and
/// Memories) lives on IPFS. The token points at the fighter's current
/// Manifest by CID, and every save moves that pointer with a compare-and-swap,
/// so two devices training the same fighter can never silently overwrite each
/// other's work. The Brain archetype and the Form traits are fixed at mint.
///
/// Mint rule: only accounts holding CREATOR_ROLE may mint. The role is an
/// allow-list kept by the default admin (the deployer at first), who grants
/// and revokes it. The admin role itself is handed over in two steps with a
/// delay (OpenZeppelin AccessControlDefaultAdminRules) and can be renounced.
///
/// The history of a fighter is not kept in storage: it is the sequence of
/// CoreUpdated events, and each Manifest links the previous one on IPFS.
contract DojoFighters is ERC721, IERC4906, AccessControlDefaultAdminRules, ReentrancyGuard {
    /// @notice The role allowed to mint.
    bytes32 public constant CREATOR_ROLE = keccak256("CREATOR_ROLE");

    /// @notice Number of Brain archetypes; codes are 0 (sage) and 1 (swift),
    /// the sorted order of brain.Archetypes(). A new archetype is a new
    /// deployment: existing tokens keep their fixed archetype either way.
    uint8 public constant ARCHETYPES = 2;

    /// @notice Number of Form traits stored per token.
    uint8 public constant TRAITS = 8;

    uint256 private constant MIN_CID = 8;
    uint256 private constant MAX_CID = 100;

    struct Fighter {
        uint8 archetype;
        uint8[8] form;
        uint256 saves;
        string core;
    }

    mapping(uint256 tokenId => Fighter) private _fighters;
    uint256 private _minted;

    /// @notice A fighter was minted with its fixed Brain archetype and Form.
    event FighterMinted(uint256 indexed tokenId, address indexed to, uint8 archetype, uint8[8] form, string core);

    /// @notice The fighter's pointer moved from previousCore to newCore.
    event CoreUpdated(uint256 indexed tokenId, string previousCore, string newCore, address indexed by);

    /// @notice The caller is neither the owner nor approved for the token.
    error NotOwnerNorApproved(uint256 tokenId, address caller);
    /// @notice The pointer is no longer the one the save was made on.
    error StaleCore(uint256 tokenId, string current);
    /// @notice A CID is empty or not a base32 CIDv1.
    error InvalidCid();
    /// @notice A Form trait is outside its bounds.
    error TraitOutOfBounds(uint8 index, uint8 value, uint8 limit);
    /// @notice The archetype code is unknown.
    error UnknownArchetype(uint8 archetype);

    /// @param admin the first default admin and creator.
    /// @param adminDelay the delay of a default admin hand-over, in seconds.
    constructor(address admin, uint48 adminDelay)
        ERC721("Dojo Fighters", "DOJO")
        AccessControlDefaultAdminRules(adminDelay, admin)
    {
        _grantRole(CREATOR_ROLE, admin);
    }

    /// @notice The bound of each Form trait: trait i must be below limits[i]
    /// (build, height, head, skin, primary, secondary, headwear, face).
    function traitLimits() public pure returns (uint8[8] memory limits) {
        limits = [uint8(3), 3, 3, 6, 12, 12, 5, 4];
    }

    /// @notice Mints a fighter to `to` pointing at its first Manifest.
    /// @dev All state is written before _safeMint calls the receiver hook,
    /// and nonReentrant refuses a second mint from inside that hook.
    function mint(address to, uint8 archetype, uint8[8] calldata form, string calldata core)
        external
        onlyRole(CREATOR_ROLE)
        nonReentrant
        returns (uint256 tokenId)
    {
        if (archetype >= ARCHETYPES) revert UnknownArchetype(archetype);
        uint8[8] memory limits = traitLimits();
        for (uint8 i = 0; i < TRAITS; i++) {
            if (form[i] >= limits[i]) revert TraitOutOfBounds(i, form[i], limits[i]);
        }
        _checkCid(core);
        tokenId = ++_minted;
        Fighter storage f = _fighters[tokenId];
        f.archetype = archetype;
        f.form = form;
        f.core = core;
        emit FighterMinted(tokenId, to, archetype, form, core);
        _safeMint(to, tokenId);
    }

    /// @notice Moves the fighter's pointer from expectedCore to newCore.
    /// Only the owner or an approved operator may; the call fails with
    /// StaleCore if the pointer is no longer expectedCore.
    function updateCore(uint256 tokenId, string calldata expectedCore, string calldata newCore) external {
        address owner = _requireOwned(tokenId);
        if (!_isAuthorized(owner, msg.sender, tokenId)) revert NotOwnerNorApproved(tokenId, msg.sender);
        _checkCid(newCore);
        Fighter storage f = _fighters[tokenId];
        string memory previous = f.core;
        if (keccak256(bytes(previous)) != keccak256(bytes(expectedCore))) revert StaleCore(tokenId, previous);
        f.core = newCore;
        f.saves += 1;
        emit CoreUpdated(tokenId, previous, newCore, msg.sender);
        emit MetadataUpdate(tokenId);
    }

    /// @notice The CID of the fighter's current Manifest.
    function coreOf(uint256 tokenId) external view returns (string memory) {
        _requireOwned(tokenId);
        return _fighters[tokenId].core;
    }

    /// @notice Everything stored about a fighter.
    function fighterOf(uint256 tokenId)
        external
        view
        returns (uint8 archetype, uint8[8] memory form, uint256 saves, string memory core)
    {
        _requireOwned(tokenId);
        Fighter storage f = _fighters[tokenId];
        return (f.archetype, f.form, f.saves, f.core);
    }

    /// @notice How many fighters were minted; token ids run from 1 to this.
    function totalMinted() external view returns (uint256) {
        return _minted;
    }

    /// @notice ipfs://<manifest CID>, the ERC-721 metadata of the fighter.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        _requireOwned(tokenId);
        return string.concat("ipfs://", _fighters[tokenId].core);
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC721, IERC165, AccessControlDefaultAdminRules)
        returns (bool)
    {
        return interfaceId == bytes4(0x49064906) || super.supportsInterface(interfaceId);
    }

    /// @dev A CID as Dojo writes them: CIDv1 in base32 lower case
    /// ("b" then [a-z2-7]), 8 to 100 characters.
    function _checkCid(string calldata cid) private pure {
        bytes calldata b = bytes(cid);
        if (b.length < MIN_CID || b.length > MAX_CID || b[0] != "b") revert InvalidCid();
        for (uint256 i = 1; i < b.length; i++) {
            bytes1 c = b[i];
            if (!((c >= "a" && c <= "z") || (c >= "2" && c <= "7"))) revert InvalidCid();
        }
    }
}
