package brain

import "github.com/dojo-arena/dojo/game"

// Sampler plays a Core the way a person plays: at each decision it draws an
// action from the softmax of the integer Policy's logits instead of taking
// the most likely one, from a stream seeded by the match. A clone of a
// stochastic teacher that always takes its argmax keeps the teacher's
// habits but drops its hesitation and its mistakes (docs/PERFORMANCE.md,
// imitation fidelity); sampling keeps them.
//
// # Maths (integer only, so every machine draws the same actions)
//
// The logits Z_i are in 2^-24 units. With d_i = max_j Z_j - Z_i, the
// weight of action i is w_i ≈ 2^32·e^(-d_i/2^24): x = d_i·log2(e) in 2^-24
// units (log2(e) as a Q30 constant), split into its integer part k and its
// fraction f; 2^-f comes from a 257-entry table of round(2^32·2^(-j/256))
// interpolated linearly on f's low 16 bits, then shifted right by k.
// Weights of actions more than 40 nats below the best are 0. An action is
// drawn as the first i whose running sum of weights exceeds
// u mod Σw, u the stream's next 64-bit number. The shares of the weights are within
// 10^-6 of the float softmax's (TestSamplerWeights: 2.3·10^-7).
//
// A Sampler owns its Policy's buffers: one per match.
type Sampler struct {
	p   *Policy
	rng game.SplitMix64
	w   [game.NumActions]uint64
}

// NewSampler returns a Sampler of a clone of p drawing from seed.
func NewSampler(p *Policy, seed uint64) *Sampler {
	return &Sampler{p: p.Clone(), rng: game.SplitMix64{State: seed}}
}

// Action implements Actor: an action drawn for o.
func (s *Sampler) Action(o *game.Observation) int {
	sum := sampleWeights(s.p.Logits(o), &s.w)
	u := s.rng.Next() % sum
	for i, w := range s.w {
		if u < w {
			return i
		}
		u -= w
	}
	return game.NumActions - 1 // unreachable: the weights sum to sum
}

// Decide implements game.Controller.
func (s *Sampler) Decide(o *game.Observation) game.Input { return game.Action(s.Action(o)) }

// log2eQ30 is round(log2(e)·2^30).
const log2eQ30 = 1549082005

// sampleCutoff is the logit gap, in 2^-24 units, beyond which a weight is
// 0: 40 nats, e^-40 ≈ 4·10^-18 of the best action's.
const sampleCutoff = 40 << accFrac

// sampleWeights writes each logit's weight into w (see Sampler) and returns
// their sum, at least 2^32 (the best action's weight).
func sampleWeights(z []int64, w *[game.NumActions]uint64) uint64 {
	best := z[0]
	for _, v := range z[1:] {
		best = max(best, v)
	}
	var sum uint64
	for i, v := range z {
		d := best - v // ≥ 0; logits are bounded far below overflow
		if d >= sampleCutoff {
			w[i] = 0
			continue
		}
		x := uint64(d) * log2eQ30 >> 30 // d·log2(e), 2^-24 units
		k, f := x>>accFrac, x&(1<<accFrac-1)
		j, r := f>>16, f&0xffff
		t := exp2Table[j] - (exp2Table[j]-exp2Table[j+1])*r>>16
		w[i] = t >> k
		sum += w[i]
	}
	return sum
}

// exp2Table[j] is round(2^32·2^(-j/256)).
var exp2Table = [257]uint64{
	4294967296, 4283353945, 4271771996, 4260221365, 4248701965, 4237213713, 4225756525, 4214330316,
	4202935003, 4191570503, 4180236731, 4168933606, 4157661043, 4146418961, 4135207276, 4124025908,
	4112874773, 4101753790, 4090662878, 4079601955, 4068570940, 4057569753, 4046598312, 4035656537,
	4024744348, 4013861665, 4003008408, 3992184498, 3981389855, 3970624400, 3959888054, 3949180739,
	3938502376, 3927852886, 3917232192, 3906640216, 3896076880, 3885542107, 3875035819, 3864557939,
	3854108391, 3843687099, 3833293984, 3822928972, 3812591987, 3802282952, 3792001792, 3781748432,
	3771522796, 3761324810, 3751154399, 3741011488, 3730896002, 3720807869, 3710747013, 3700713361,
	3690706840, 3680727376, 3670774895, 3660849326, 3650950594, 3641078629, 3631233356, 3621414705,
	3611622603, 3601856978, 3592117759, 3582404874, 3572718252, 3563057822, 3553423514, 3543815256,
	3534232978, 3524676610, 3515146082, 3505641324, 3496162267, 3486708840, 3477280975, 3467878602,
	3458501653, 3449150059, 3439823750, 3430522660, 3421246719, 3411995860, 3402770014, 3393569115,
	3384393094, 3375241885, 3366115421, 3357013633, 3347936457, 3338883824, 3329855670, 3320851927,
	3311872529, 3302917412, 3293986508, 3285079754, 3276197082, 3267338429, 3258503729, 3249692918,
	3240905930, 3232142703, 3223403170, 3214687269, 3205994934, 3197326104, 3188680714, 3180058700,
	3171459999, 3162884549, 3154332287, 3145803149, 3137297074, 3128813999, 3120353861, 3111916599,
	3103502151, 3095110456, 3086741451, 3078395075, 3070071267, 3061769967, 3053491112, 3045234644,
	3037000500, 3028788621, 3020598946, 3012431416, 3004285971, 2996162550, 2988061094, 2979981545,
	2971923842, 2963887926, 2955873740, 2947881223, 2939910317, 2931960965, 2924033107, 2916126685,
	2908241642, 2900377920, 2892535461, 2884714207, 2876914102, 2869135087, 2861377107, 2853640104,
	2845924021, 2838228802, 2830554390, 2822900730, 2815267765, 2807655439, 2800063696, 2792492481,
	2784941738, 2777411411, 2769901447, 2762411789, 2754942382, 2747493172, 2740064105, 2732655125,
	2725266179, 2717897212, 2710548171, 2703219000, 2695909648, 2688620059, 2681350181, 2674099961,
	2666869345, 2659658279, 2652466713, 2645294591, 2638141863, 2631008476, 2623894376, 2616799513,
	2609723834, 2602667287, 2595629821, 2588611383, 2581611923, 2574631389, 2567669730, 2560726895,
	2553802834, 2546897494, 2540010826, 2533142779, 2526293303, 2519462348, 2512649863, 2505855799,
	2499080105, 2492322733, 2485583632, 2478862753, 2472160047, 2465475465, 2458808958, 2452160476,
	2445529972, 2438917396, 2432322700, 2425745836, 2419186755, 2412645410, 2406121752, 2399615734,
	2393127307, 2386656425, 2380203040, 2373767105, 2367348571, 2360947394, 2354563524, 2348196917,
	2341847524, 2335515300, 2329200197, 2322902170, 2316621173, 2310357160, 2304110083, 2297879899,
	2291666561, 2285470023, 2279290240, 2273127167, 2266980759, 2260850970, 2254737756, 2248641071,
	2242560872, 2236497113, 2230449750, 2224418739, 2218404036, 2212405596, 2206423375, 2200457330,
	2194507417, 2188573592, 2182655811, 2176754033, 2170868212, 2164998306, 2159144272, 2153306067,
	2147483648,
}
