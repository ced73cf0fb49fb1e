import { checkDigit } from '../residents/id-number';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平', '刚', '桂', '英', '华', '建', '国', '兰', '玉', '春', '海'];

/** A small deterministic generator, so the demo village is the same on every machine. */
export class DemoRandom {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return this.state / 2_147_483_648;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(0, list.length - 1)];
  }
}

export function chineseName(rng: DemoRandom, surname = rng.pick(SURNAMES)): string {
  return surname + rng.pick(GIVEN) + (rng.next() < 0.7 ? rng.pick(GIVEN) : '');
}

export const surnameOf = (rng: DemoRandom): string => rng.pick(SURNAMES);

/** A valid 18-character resident ID (GB 11643) for a birth date, in a 浙江 county area code. */
export function idNumber(rng: DemoRandom, birth: string, female: boolean, serial: number): string {
  const sequence = String(serial % 100).padStart(2, '0') + String(female ? 2 * rng.int(0, 4) : 2 * rng.int(0, 4) + 1);
  const first17 = `330521${birth.replace(/-/g, '')}${sequence}`;
  return first17 + checkDigit(first17);
}
