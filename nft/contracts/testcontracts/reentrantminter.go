// Code generated - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package testcontracts

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/event"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = errors.New
	_ = big.NewInt
	_ = strings.NewReader
	_ = ethereum.NotFound
	_ = bind.Bind
	_ = common.Big1
	_ = types.BloomLookup
	_ = event.NewSubscription
	_ = abi.ConvertType
	_ = time.Tick
	_ = context.Background
)

// ReentrantMinterMetaData contains all meta data concerning the ReentrantMinter contract.
var ReentrantMinterMetaData = &bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIDojoFighters\",\"name\":\"t\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"core\",\"type\":\"string\"}],\"name\":\"attack\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"onERC721Received\",\"outputs\":[{\"internalType\":\"bytes4\",\"name\":\"\",\"type\":\"bytes4\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"received\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"reentered\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"reentryFailed\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"target\",\"outputs\":[{\"internalType\":\"contractIDojoFighters\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	Bin: "0x60a0604052348015600e575f5ffd5b50604051610600380380610600833981016040819052602b91603b565b6001600160a01b03166080526066565b5f60208284031215604a575f5ffd5b81516001600160a01b0381168114605f575f5ffd5b9392505050565b60805161057561008b5f395f818160eb01528181610196015261029a01526105755ff3fe608060405234801561000f575f5ffd5b5060043610610060575f3560e01c8063150b7a02146100645780633f09775e1461009557806383a6deb5146100ac578063aabb7554146100b4578063c7021981146100c9578063d4b83992146100e6575b5f5ffd5b61007761007236600461037a565b610125565b6040516001600160e01b031990911681526020015b60405180910390f35b61009e60015481565b60405190815260200161008c565b61009e5f5481565b6100c76100c23660046103e4565b610245565b005b6002546100d69060ff1681565b604051901515815260200161008c565b61010d7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200161008c565b5f8054818061013383610423565b91905055505f546001036102335760408051610100810182525f80825260208201819052818301819052606082018190526080820181905260a0820181905260c0820181905260e08201819052915163b84e5fb360e01b81526001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000169263b84e5fb3926101cd9230929190600401610472565b6020604051808303815f875af1925050508015610207575060408051601f3d908101601f19168201909252610204918101906104cd565b60015b61021d576002805460ff19166001179055610233565b5060018054905f61022d83610423565b91905055505b50630a85bd0160e11b95945050505050565b60408051610100810182525f80825260208201819052818301819052606082018190526080820181905260a0820181905260c0820181905260e08201819052915163b84e5fb360e01b81526001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000169263b84e5fb3926102d59230929190889088906004016104e4565b6020604051808303815f875af11580156102f1573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061031591906104cd565b505050565b80356001600160a01b0381168114610330575f5ffd5b919050565b5f5f83601f840112610345575f5ffd5b50813567ffffffffffffffff81111561035c575f5ffd5b602083019150836020828501011115610373575f5ffd5b9250929050565b5f5f5f5f5f6080868803121561038e575f5ffd5b6103978661031a565b94506103a56020870161031a565b935060408601359250606086013567ffffffffffffffff8111156103c7575f5ffd5b6103d388828901610335565b969995985093965092949392505050565b5f5f602083850312156103f5575f5ffd5b823567ffffffffffffffff81111561040b575f5ffd5b61041785828601610335565b90969095509350505050565b5f6001820161044057634e487b7160e01b5f52601160045260245ffd5b5060010190565b805f5b600881101561046c57815160ff1684526020938401939091019060010161044a565b50505050565b6001600160a01b038416815260ff831660208201526104946040820183610447565b6101606101408201819052601390820152726261666b72656961616161616161616161616160681b6101808201526101a0019392505050565b5f602082840312156104dd575f5ffd5b5051919050565b6001600160a01b038616815260ff851660208201526105066040820185610447565b6101606101408201528161016082015281836101808301375f81830161018090810191909152601f909201601f1916010194935050505056fea264697066735822122056c1a0446b1c7f3d89fd3412f8253218d1c4beb9af7fc83c277cdb5deeba056a64736f6c634300081e0033",
}

// ReentrantMinterABI is the input ABI used to generate the binding from.
// Deprecated: Use ReentrantMinterMetaData.ABI instead.
var ReentrantMinterABI = ReentrantMinterMetaData.ABI

// ReentrantMinterBin is the compiled bytecode used for deploying new contracts.
// Deprecated: Use ReentrantMinterMetaData.Bin instead.
var ReentrantMinterBin = ReentrantMinterMetaData.Bin

// DeployReentrantMinter deploys a new Ethereum contract, binding an instance of ReentrantMinter to it.
func DeployReentrantMinter(auth *bind.TransactOpts, backend bind.ContractBackend, t common.Address) (common.Address, *types.Transaction, *ReentrantMinter, error) {
	parsed, err := ReentrantMinterMetaData.GetAbi()
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	if parsed == nil {
		return common.Address{}, nil, nil, errors.New("GetABI returned nil")
	}

	address, tx, contract, err := bind.DeployContract(auth, *parsed, common.FromHex(ReentrantMinterBin), backend, t)
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	return address, tx, &ReentrantMinter{ReentrantMinterCaller: ReentrantMinterCaller{contract: contract}, ReentrantMinterTransactor: ReentrantMinterTransactor{contract: contract}, ReentrantMinterFilterer: ReentrantMinterFilterer{contract: contract}}, nil
}

// ReentrantMinter is an auto generated Go binding around an Ethereum contract.
type ReentrantMinter struct {
	ReentrantMinterCaller     // Read-only binding to the contract
	ReentrantMinterTransactor // Write-only binding to the contract
	ReentrantMinterFilterer   // Log filterer for contract events
}

// ReentrantMinterCaller is an auto generated read-only Go binding around an Ethereum contract.
type ReentrantMinterCaller struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// ReentrantMinterTransactor is an auto generated write-only Go binding around an Ethereum contract.
type ReentrantMinterTransactor struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// ReentrantMinterFilterer is an auto generated log filtering Go binding around an Ethereum contract events.
type ReentrantMinterFilterer struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// ReentrantMinterSession is an auto generated Go binding around an Ethereum contract,
// with pre-set call and transact options.
type ReentrantMinterSession struct {
	Contract     *ReentrantMinter  // Generic contract binding to set the session for
	CallOpts     bind.CallOpts     // Call options to use throughout this session
	TransactOpts bind.TransactOpts // Transaction auth options to use throughout this session
}

// ReentrantMinterCallerSession is an auto generated read-only Go binding around an Ethereum contract,
// with pre-set call options.
type ReentrantMinterCallerSession struct {
	Contract *ReentrantMinterCaller // Generic contract caller binding to set the session for
	CallOpts bind.CallOpts          // Call options to use throughout this session
}

// ReentrantMinterTransactorSession is an auto generated write-only Go binding around an Ethereum contract,
// with pre-set transact options.
type ReentrantMinterTransactorSession struct {
	Contract     *ReentrantMinterTransactor // Generic contract transactor binding to set the session for
	TransactOpts bind.TransactOpts          // Transaction auth options to use throughout this session
}

// ReentrantMinterRaw is an auto generated low-level Go binding around an Ethereum contract.
type ReentrantMinterRaw struct {
	Contract *ReentrantMinter // Generic contract binding to access the raw methods on
}

// ReentrantMinterCallerRaw is an auto generated low-level read-only Go binding around an Ethereum contract.
type ReentrantMinterCallerRaw struct {
	Contract *ReentrantMinterCaller // Generic read-only contract binding to access the raw methods on
}

// ReentrantMinterTransactorRaw is an auto generated low-level write-only Go binding around an Ethereum contract.
type ReentrantMinterTransactorRaw struct {
	Contract *ReentrantMinterTransactor // Generic write-only contract binding to access the raw methods on
}

// NewReentrantMinter creates a new instance of ReentrantMinter, bound to a specific deployed contract.
func NewReentrantMinter(address common.Address, backend bind.ContractBackend) (*ReentrantMinter, error) {
	contract, err := bindReentrantMinter(address, backend, backend, backend)
	if err != nil {
		return nil, err
	}
	return &ReentrantMinter{ReentrantMinterCaller: ReentrantMinterCaller{contract: contract}, ReentrantMinterTransactor: ReentrantMinterTransactor{contract: contract}, ReentrantMinterFilterer: ReentrantMinterFilterer{contract: contract}}, nil
}

// NewReentrantMinterCaller creates a new read-only instance of ReentrantMinter, bound to a specific deployed contract.
func NewReentrantMinterCaller(address common.Address, caller bind.ContractCaller) (*ReentrantMinterCaller, error) {
	contract, err := bindReentrantMinter(address, caller, nil, nil)
	if err != nil {
		return nil, err
	}
	return &ReentrantMinterCaller{contract: contract}, nil
}

// NewReentrantMinterTransactor creates a new write-only instance of ReentrantMinter, bound to a specific deployed contract.
func NewReentrantMinterTransactor(address common.Address, transactor bind.ContractTransactor) (*ReentrantMinterTransactor, error) {
	contract, err := bindReentrantMinter(address, nil, transactor, nil)
	if err != nil {
		return nil, err
	}
	return &ReentrantMinterTransactor{contract: contract}, nil
}

// NewReentrantMinterFilterer creates a new log filterer instance of ReentrantMinter, bound to a specific deployed contract.
func NewReentrantMinterFilterer(address common.Address, filterer bind.ContractFilterer) (*ReentrantMinterFilterer, error) {
	contract, err := bindReentrantMinter(address, nil, nil, filterer)
	if err != nil {
		return nil, err
	}
	return &ReentrantMinterFilterer{contract: contract}, nil
}

// bindReentrantMinter binds a generic wrapper to an already deployed contract.
func bindReentrantMinter(address common.Address, caller bind.ContractCaller, transactor bind.ContractTransactor, filterer bind.ContractFilterer) (*bind.BoundContract, error) {
	parsed, err := ReentrantMinterMetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	return bind.NewBoundContract(address, *parsed, caller, transactor, filterer), nil
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_ReentrantMinter *ReentrantMinterRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _ReentrantMinter.Contract.ReentrantMinterCaller.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_ReentrantMinter *ReentrantMinterRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _ReentrantMinter.Contract.ReentrantMinterTransactor.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_ReentrantMinter *ReentrantMinterRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _ReentrantMinter.Contract.ReentrantMinterTransactor.contract.Transact(opts, method, params...)
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_ReentrantMinter *ReentrantMinterCallerRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _ReentrantMinter.Contract.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_ReentrantMinter *ReentrantMinterTransactorRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _ReentrantMinter.Contract.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_ReentrantMinter *ReentrantMinterTransactorRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _ReentrantMinter.Contract.contract.Transact(opts, method, params...)
}

// Received is a free data retrieval call binding the contract method 0x83a6deb5.
//
// Solidity: function received() view returns(uint256)
func (_ReentrantMinter *ReentrantMinterCaller) Received(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _ReentrantMinter.contract.Call(opts, &out, "received")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// Received is a free data retrieval call binding the contract method 0x83a6deb5.
//
// Solidity: function received() view returns(uint256)
func (_ReentrantMinter *ReentrantMinterSession) Received() (*big.Int, error) {
	return _ReentrantMinter.Contract.Received(&_ReentrantMinter.CallOpts)
}

// Received is a free data retrieval call binding the contract method 0x83a6deb5.
//
// Solidity: function received() view returns(uint256)
func (_ReentrantMinter *ReentrantMinterCallerSession) Received() (*big.Int, error) {
	return _ReentrantMinter.Contract.Received(&_ReentrantMinter.CallOpts)
}

// Reentered is a free data retrieval call binding the contract method 0x3f09775e.
//
// Solidity: function reentered() view returns(uint256)
func (_ReentrantMinter *ReentrantMinterCaller) Reentered(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _ReentrantMinter.contract.Call(opts, &out, "reentered")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// Reentered is a free data retrieval call binding the contract method 0x3f09775e.
//
// Solidity: function reentered() view returns(uint256)
func (_ReentrantMinter *ReentrantMinterSession) Reentered() (*big.Int, error) {
	return _ReentrantMinter.Contract.Reentered(&_ReentrantMinter.CallOpts)
}

// Reentered is a free data retrieval call binding the contract method 0x3f09775e.
//
// Solidity: function reentered() view returns(uint256)
func (_ReentrantMinter *ReentrantMinterCallerSession) Reentered() (*big.Int, error) {
	return _ReentrantMinter.Contract.Reentered(&_ReentrantMinter.CallOpts)
}

// ReentryFailed is a free data retrieval call binding the contract method 0xc7021981.
//
// Solidity: function reentryFailed() view returns(bool)
func (_ReentrantMinter *ReentrantMinterCaller) ReentryFailed(opts *bind.CallOpts) (bool, error) {
	var out []interface{}
	err := _ReentrantMinter.contract.Call(opts, &out, "reentryFailed")

	if err != nil {
		return *new(bool), err
	}

	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)

	return out0, err

}

// ReentryFailed is a free data retrieval call binding the contract method 0xc7021981.
//
// Solidity: function reentryFailed() view returns(bool)
func (_ReentrantMinter *ReentrantMinterSession) ReentryFailed() (bool, error) {
	return _ReentrantMinter.Contract.ReentryFailed(&_ReentrantMinter.CallOpts)
}

// ReentryFailed is a free data retrieval call binding the contract method 0xc7021981.
//
// Solidity: function reentryFailed() view returns(bool)
func (_ReentrantMinter *ReentrantMinterCallerSession) ReentryFailed() (bool, error) {
	return _ReentrantMinter.Contract.ReentryFailed(&_ReentrantMinter.CallOpts)
}

// Target is a free data retrieval call binding the contract method 0xd4b83992.
//
// Solidity: function target() view returns(address)
func (_ReentrantMinter *ReentrantMinterCaller) Target(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _ReentrantMinter.contract.Call(opts, &out, "target")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Target is a free data retrieval call binding the contract method 0xd4b83992.
//
// Solidity: function target() view returns(address)
func (_ReentrantMinter *ReentrantMinterSession) Target() (common.Address, error) {
	return _ReentrantMinter.Contract.Target(&_ReentrantMinter.CallOpts)
}

// Target is a free data retrieval call binding the contract method 0xd4b83992.
//
// Solidity: function target() view returns(address)
func (_ReentrantMinter *ReentrantMinterCallerSession) Target() (common.Address, error) {
	return _ReentrantMinter.Contract.Target(&_ReentrantMinter.CallOpts)
}

// Attack is a paid mutator transaction binding the contract method 0xaabb7554.
//
// Solidity: function attack(string core) returns()
func (_ReentrantMinter *ReentrantMinterTransactor) Attack(opts *bind.TransactOpts, core string) (*types.Transaction, error) {
	return _ReentrantMinter.contract.Transact(opts, "attack", core)
}

// Attack is a paid mutator transaction binding the contract method 0xaabb7554.
//
// Solidity: function attack(string core) returns()
func (_ReentrantMinter *ReentrantMinterSession) Attack(core string) (*types.Transaction, error) {
	return _ReentrantMinter.Contract.Attack(&_ReentrantMinter.TransactOpts, core)
}

// Attack is a paid mutator transaction binding the contract method 0xaabb7554.
//
// Solidity: function attack(string core) returns()
func (_ReentrantMinter *ReentrantMinterTransactorSession) Attack(core string) (*types.Transaction, error) {
	return _ReentrantMinter.Contract.Attack(&_ReentrantMinter.TransactOpts, core)
}

// OnERC721Received is a paid mutator transaction binding the contract method 0x150b7a02.
//
// Solidity: function onERC721Received(address , address , uint256 , bytes ) returns(bytes4)
func (_ReentrantMinter *ReentrantMinterTransactor) OnERC721Received(opts *bind.TransactOpts, arg0 common.Address, arg1 common.Address, arg2 *big.Int, arg3 []byte) (*types.Transaction, error) {
	return _ReentrantMinter.contract.Transact(opts, "onERC721Received", arg0, arg1, arg2, arg3)
}

// OnERC721Received is a paid mutator transaction binding the contract method 0x150b7a02.
//
// Solidity: function onERC721Received(address , address , uint256 , bytes ) returns(bytes4)
func (_ReentrantMinter *ReentrantMinterSession) OnERC721Received(arg0 common.Address, arg1 common.Address, arg2 *big.Int, arg3 []byte) (*types.Transaction, error) {
	return _ReentrantMinter.Contract.OnERC721Received(&_ReentrantMinter.TransactOpts, arg0, arg1, arg2, arg3)
}

// OnERC721Received is a paid mutator transaction binding the contract method 0x150b7a02.
//
// Solidity: function onERC721Received(address , address , uint256 , bytes ) returns(bytes4)
func (_ReentrantMinter *ReentrantMinterTransactorSession) OnERC721Received(arg0 common.Address, arg1 common.Address, arg2 *big.Int, arg3 []byte) (*types.Transaction, error) {
	return _ReentrantMinter.Contract.OnERC721Received(&_ReentrantMinter.TransactOpts, arg0, arg1, arg2, arg3)
}
