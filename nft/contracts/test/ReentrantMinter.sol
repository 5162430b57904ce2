// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

interface IDojoFighters {
    function mint(address to, uint8 archetype, uint8[8] calldata form, string calldata core)
        external
        returns (uint256);
}

/// @notice Test-only attacker (AI Arena audit H-08): a creator contract whose
/// ERC-721 receiver hook tries to mint again while the first mint runs. It
/// swallows the inner failure so that only the guard can stop it.
contract ReentrantMinter is IERC721Receiver {
    IDojoFighters public immutable target;
    uint256 public received;
    uint256 public reentered;
    bool public reentryFailed;

    constructor(IDojoFighters t) {
        target = t;
    }

    function attack(string calldata core) external {
        target.mint(address(this), 0, [uint8(0), 0, 0, 0, 0, 0, 0, 0], core);
    }

    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        received++;
        if (received == 1) {
            try target.mint(address(this), 0, [uint8(0), 0, 0, 0, 0, 0, 0, 0], "bafkreiaaaaaaaaaaaa") {
                reentered++;
            } catch {
                reentryFailed = true;
            }
        }
        return IERC721Receiver.onERC721Received.selector;
    }
}
