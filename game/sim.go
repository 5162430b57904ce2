package game

// control applies one tick of input to f (side i), running its state machine.
func (m *Match) control(side int, f, opp *Fighter, in Input) {
	pressed := in &^ f.PrevInput
	if f.SinceMove < MaxSinceMove {
		f.SinceMove++
	}
	if f.DashCool > 0 {
		f.DashCool--
	}
	f.Frame++
	switch f.State {
	case StateHitstun, StateBlockstun:
		f.Stun--
		if f.Stun > 0 {
			return
		}
		f.endAction()
		// fall through to act this very tick would make stun one tick
		// shorter than the table says: wait for the next tick.
		return
	case StateAttack:
		mv := &moves[f.Move]
		if mv.Kind == Projectile && f.Frame == mv.Startup && f.Proj.Active == 0 {
			f.Proj = ProjectileState{Active: 1, X: f.X + f.Facing*projectileSpawn, Y: f.Y, VX: f.Facing * projectileSpeed}
		}
		if f.Frame >= mv.Total() {
			f.endAction()
		}
		return
	case StateDash:
		if f.Frame >= dashTicks {
			f.VX = 0
			f.DashCool = dashCooldown
			f.endAction()
		}
		return
	}

	dir := int32(0)
	if in&Right != 0 {
		dir++
	}
	if in&Left != 0 {
		dir--
	}

	if !f.Grounded {
		switch {
		case in&Light != 0:
			m.startMove(side, f, MoveAirLight)
		case in&Heavy != 0:
			m.startMove(side, f, MoveAirHeavy)
		case pressed&Up != 0 && f.AirJumps > 0:
			f.AirJumps--
			f.VY = airJumpSpeed
			f.VX = dir * airSpeed
		default:
			if dir != 0 {
				f.VX = dir * airSpeed
			}
			if in&Down != 0 && f.VY <= 0 {
				f.VY = -fastFallSpeed
			}
		}
		return
	}

	switch {
	case in&Throw != 0:
		m.startMove(side, f, MoveThrow)
	case in&Special != 0 && f.Proj.Active == 0:
		m.startMove(side, f, MoveFireball)
	case in&Heavy != 0 && in&Down != 0:
		m.startMove(side, f, MoveUppercut)
	case in&Heavy != 0:
		m.startMove(side, f, MoveStrong)
	case in&Light != 0 && in&Down != 0:
		m.startMove(side, f, MoveLow)
	case in&Light != 0:
		m.startMove(side, f, MoveJab)
	case in&Block != 0:
		f.setState(StateBlock)
		f.VX = 0
	case in&Dash != 0 && f.DashCool == 0:
		if dir == 0 {
			dir = f.Facing
		}
		f.setState(StateDash)
		f.DashDir = dir
		f.VX = dir * dashSpeed
	case in&Up != 0:
		f.setState(StateAir)
		f.Grounded, f.Platform = false, 0
		f.VY = jumpSpeed
		f.VX = dir * airSpeed
		f.AirJumps = 1
	case in&Down != 0 && f.Platform != 0:
		f.setState(StateAir)
		f.Grounded, f.Platform, f.Dropping = false, 0, true
		f.VX = 0
	case in&Down != 0:
		f.setState(StateCrouch)
		f.VX = 0
	default:
		f.setState(StateNeutral)
		f.VX = dir * walkSpeed
	}
}

// setState changes state, restarting the frame counter on a change.
func (f *Fighter) setState(s State) {
	if f.State != s {
		f.State = s
		f.Frame = 0
	}
}

// endAction returns f to the free state that fits where it is.
func (f *Fighter) endAction() {
	f.Move = MoveNone
	f.Stun = 0
	if f.Grounded {
		f.setState(StateNeutral)
		f.VX = 0
	} else {
		f.setState(StateAir)
	}
	f.Frame = 0
}

func (m *Match) startMove(side int, f *Fighter, mv MoveID) {
	f.State = StateAttack
	f.Move = mv
	f.Frame = 0
	f.HitDone = false
	if f.Grounded {
		f.VX = 0
	}
	f.LastMoves[1], f.LastMoves[0] = f.LastMoves[0], mv
	f.SinceMove, f.LastResult = 0, ResultNone
	m.Stats.Moves[side][mv]++
}

// physics integrates velocity, gravity, landing on the floor and platforms,
// and the walls.
func (f *Fighter) physics() {
	prevY := f.Y
	if f.Grounded {
		if f.State == StateHitstun || f.State == StateBlockstun {
			switch {
			case f.VX > friction:
				f.VX -= friction
			case f.VX < -friction:
				f.VX += friction
			default:
				f.VX = 0
			}
		}
	} else {
		f.VY -= gravity
		if f.VY < -maxFallSpeed {
			f.VY = -maxFallSpeed
		}
	}
	f.X += f.VX
	f.Y += f.VY

	if f.X < halfWidth {
		f.X, f.VX = halfWidth, 0
	} else if f.X > StageWidth*Unit-halfWidth {
		f.X, f.VX = StageWidth*Unit-halfWidth, 0
	}

	if f.Grounded {
		if f.Platform != 0 {
			p := &platforms[f.Platform-1]
			if f.X < p.X0 || f.X > p.X1 {
				f.leaveGround()
			}
		}
		return
	}
	if f.Dropping && f.Y < platforms[0].Y {
		f.Dropping = false
	}
	if f.VY > 0 {
		return
	}
	if f.Y <= 0 {
		f.land(0, 0)
		return
	}
	if f.Dropping {
		return
	}
	for i := range platforms {
		p := &platforms[i]
		if prevY >= p.Y && f.Y <= p.Y && f.X >= p.X0 && f.X <= p.X1 {
			f.land(p.Y, int32(i+1))
			return
		}
	}
}

func (f *Fighter) leaveGround() {
	f.Grounded, f.Platform = false, 0
	switch f.State {
	case StateNeutral, StateCrouch, StateBlock, StateDash:
		f.setState(StateAir)
	}
}

func (f *Fighter) land(y, platform int32) {
	f.Y, f.VY = y, 0
	f.Grounded, f.Platform, f.Dropping = true, platform, false
	f.AirJumps = 1
	switch f.State {
	case StateAir:
		f.setState(StateNeutral)
		f.VX = 0
	case StateAttack:
		if f.Move == MoveAirLight || f.Move == MoveAirHeavy {
			f.endAction()
		}
	}
}

// face turns a fighter that is free on the ground towards its opponent.
func face(f, opp *Fighter) {
	if !f.Grounded {
		return
	}
	switch f.State {
	case StateNeutral, StateCrouch, StateBlock:
		if s := sign32(opp.X - f.X); s != 0 {
			f.Facing = s
		}
	}
}

// push separates overlapping bodies, each moving half the overlap.
func push(a, b *Fighter) {
	ax0, ax1, ay0, ay1 := a.hurtbox()
	bx0, bx1, by0, by1 := b.hurtbox()
	if !overlap(ax0, ax1, ay0, ay1, bx0, bx1, by0, by1) {
		return
	}
	d := b.X - a.X
	over := 2*halfWidth - abs32(d)
	var dirA int32
	switch {
	case d > 0:
		dirA = -1
	case d < 0:
		dirA = 1
	default:
		// Same x: each steps back from where it faces, which is
		// symmetric under mirroring.
		a.X -= a.Facing * (over / 2)
		b.X -= b.Facing * (over / 2)
		clampX(a)
		clampX(b)
		return
	}
	a.X += dirA * (over / 2)
	b.X -= dirA * (over / 2)
	clampX(a)
	clampX(b)
}

func clampX(f *Fighter) {
	if f.X < halfWidth {
		f.X = halfWidth
	} else if f.X > StageWidth*Unit-halfWidth {
		f.X = StageWidth*Unit - halfWidth
	}
}

func (f *Fighter) moveProjectile() {
	p := &f.Proj
	if p.Active == 0 {
		return
	}
	p.X += p.VX
	if p.X < 0 || p.X > StageWidth*Unit {
		*p = ProjectileState{}
	}
}

func projBox(p *ProjectileState) (x0, x1, y0, y1 int32) {
	return worldBox(moves[MoveFireball].Hit, p.X, p.Y, 1)
}

// clashProjectiles removes both fireballs when they meet.
func clashProjectiles(a, b *Fighter) {
	if a.Proj.Active == 0 || b.Proj.Active == 0 {
		return
	}
	ax0, ax1, ay0, ay1 := projBox(&a.Proj)
	bx0, bx1, by0, by1 := projBox(&b.Proj)
	if overlap(ax0, ax1, ay0, ay1, bx0, bx1, by0, by1) {
		a.Proj, b.Proj = ProjectileState{}, ProjectileState{}
	}
}

// hitKind is what connected on a defender this tick.
type hitKind uint8

const (
	noHit hitKind = iota
	strikeHit
	grabHit
	projHit
)

// resolveHits finds what each fighter's move and projectile hit, from the
// state both fighters are in now, and then applies all of it at once, so
// that the order of the fighters never matters (trades hit both).
func (m *Match) resolveHits() {
	a, b := &m.Fighters[0], &m.Fighters[1]
	ka, kb := connects(a, b), connects(b, a)
	pa, pb := projectileHits(a, b), projectileHits(b, a)

	// Two throws on the same tick cancel out (a throw tech).
	if ka == grabHit && kb == grabHit {
		ka, kb = noHit, noHit
		a.HitDone, b.HitDone = true, true
	}
	// A throw never lands on a fighter hit by a strike this tick.
	if ka == grabHit && (kb == strikeHit || pb) {
		ka = noHit
	}
	if kb == grabHit && (ka == strikeHit || pa) {
		kb = noHit
	}

	// Take both moves before applying either: a hit resets its target's move.
	mva, mvb := &moves[a.Move], &moves[b.Move]
	if ka != noHit {
		a.HitDone = true
		m.apply(0, mva, b, a.X, a.Facing, ka == grabHit)
	}
	if kb != noHit {
		b.HitDone = true
		m.apply(1, mvb, a, b.X, b.Facing, kb == grabHit)
	}
	if pa {
		m.apply(0, &moves[MoveFireball], b, a.Proj.X, sign32(a.Proj.VX), false)
		a.Proj = ProjectileState{}
	}
	if pb {
		m.apply(1, &moves[MoveFireball], a, b.Proj.X, sign32(b.Proj.VX), false)
		b.Proj = ProjectileState{}
	}
}

// connects reports whether a's move hits d this tick.
func connects(a, d *Fighter) hitKind {
	if a.State != StateAttack || a.HitDone || a.phase() != 1 {
		return noHit
	}
	mv := &moves[a.Move]
	if mv.Kind == Projectile {
		return noHit
	}
	hx0, hx1, hy0, hy1 := worldBox(mv.Hit, a.X, a.Y, a.Facing)
	dx0, dx1, dy0, dy1 := d.hurtbox()
	if !overlap(hx0, hx1, hy0, hy1, dx0, dx1, dy0, dy1) {
		return noHit
	}
	if mv.Kind == Grab {
		if !d.Grounded || d.State == StateHitstun || d.State == StateBlockstun {
			return noHit
		}
		return grabHit
	}
	return strikeHit
}

func projectileHits(a, d *Fighter) bool {
	if a.Proj.Active == 0 {
		return false
	}
	px0, px1, py0, py1 := projBox(&a.Proj)
	dx0, dx1, dy0, dy1 := d.hurtbox()
	return overlap(px0, px1, py0, py1, dx0, dx1, dy0, dy1)
}

// apply lands move mv, coming from x travelling in direction dir, on d.
func (m *Match) apply(attacker int, mv *Move, d *Fighter, x, dir int32, grab bool) {
	if dir == 0 {
		dir = sign32(d.X - x)
	}
	blocking := d.State == StateBlock || d.State == StateBlockstun
	a := &m.Fighters[attacker]
	// A fireball that lands after its thrower started another move is not
	// that move's result.
	own := mv.Kind != Projectile || a.LastMoves[0] == MoveFireball
	// A block works against a hit coming from the side the defender faces.
	if !grab && blocking && d.Facing == -dir {
		if own {
			a.LastResult = ResultBlocked
		}
		d.Health = max(d.Health-mv.Chip, 0)
		d.State, d.Frame, d.Move = StateBlockstun, 0, MoveNone
		d.Stun = mv.Blockstun
		d.VX = dir * mv.KnockX / 2
		m.Stats.HitsBlocked[1-attacker]++
		return
	}
	if own {
		a.LastResult = ResultHit
	}
	d.Health = max(d.Health-mv.Damage, 0)
	d.State, d.Frame, d.Move = StateHitstun, 0, MoveNone
	d.Stun = mv.Hitstun
	d.VX = dir * mv.KnockX
	if mv.KnockY > 0 {
		d.VY = mv.KnockY
		d.Grounded, d.Platform = false, 0
	}
	m.Stats.HitsLanded[attacker]++
}
