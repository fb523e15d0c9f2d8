/**
 * The pilot's synthetic resident registry: the same people from the same seed and start
 * date, every time. Shaped like the records a Jawazat counter sees, with a realistic spread
 * of the cases that make the rules interesting: expired and about-to-expire iqamas and
 * passports, people abroad, unpaid violations, registered vehicles, visas in every state,
 * earlier sponsorship transfers and late renewals, domestic workers, establishments whose
 * Muqeem quota is used up, and visitors with border numbers. No real person's data.
 */
import { addDays, addMonths, type IsoDate } from '../../shared/domain/dates.ts';
import { luhnCheckDigit } from '../../shared/domain/identity.ts';
import { seededRandom } from '../../shared/domain/random.ts';
import type { EstablishmentRecord, ResidentRecord, Sponsor, VisaRecord } from '../../shared/domain/resident.ts';
import { PROFESSION_CODES } from '../../shared/domain/transactionSteps.ts';

export interface RegistryOptions {
  readonly seed: number;
  /** The day the registry is generated for; every date is relative to it. */
  readonly today: IsoDate;
  readonly residents: number;
  readonly visitors: number;
  readonly establishments: number;
}

export const DEFAULT_REGISTRY: Omit<RegistryOptions, 'today'> = { seed: 20_261_202, residents: 5000, visitors: 250, establishments: 300 };

export interface Registry {
  readonly residents: readonly ResidentRecord[];
  readonly establishments: readonly EstablishmentRecord[];
}

type Name = readonly [ar: string, en: string];

interface Origin {
  readonly nationality: string;
  readonly male: readonly Name[];
  readonly female: readonly Name[];
  readonly family: readonly Name[];
  readonly weight: number;
}

const ORIGINS: readonly Origin[] = [
  {
    nationality: 'PAK',
    weight: 18,
    male: [['محمد', 'Mohammed'], ['عمران', 'Imran'], ['عثمان', 'Usman'], ['بلال', 'Bilal'], ['آصف', 'Asif'], ['طارق', 'Tariq'], ['ساجد', 'Sajid']],
    female: [['عائشة', 'Ayesha'], ['فاطمة', 'Fatima'], ['صائمة', 'Saima']],
    family: [['خان', 'Khan'], ['بت', 'Butt'], ['ملك', 'Malik'], ['چودري', 'Chaudhry'], ['قريشي', 'Qureshi']],
  },
  {
    nationality: 'IND',
    weight: 18,
    male: [['راجيش', 'Rajesh'], ['سوريش', 'Suresh'], ['أنيل', 'Anil'], ['فيجاي', 'Vijay'], ['محمد', 'Muhammad'], ['شافي', 'Shafi']],
    female: [['بريا', 'Priya'], ['لاكشمي', 'Lakshmi'], ['أنيتا', 'Anitha']],
    family: [['كومار', 'Kumar'], ['ناير', 'Nair'], ['بيلاي', 'Pillai'], ['شارما', 'Sharma'], ['مينون', 'Menon']],
  },
  {
    nationality: 'BGD',
    weight: 14,
    male: [['رحيم', 'Rahim'], ['كريم', 'Karim'], ['محمد', 'Mohammad'], ['جمال', 'Jamal'], ['رفيق', 'Rafiq']],
    female: [['نصرين', 'Nasrin'], ['روكسانا', 'Roksana']],
    family: [['حسين', 'Hossain'], ['الإسلام', 'Islam'], ['أختر', 'Akter'], ['الرحمن', 'Rahman'], ['ميا', 'Mia']],
  },
  {
    nationality: 'PHL',
    weight: 10,
    male: [['خوسيه', 'Jose'], ['خوان', 'Juan'], ['مارك', 'Mark'], ['رامون', 'Ramon']],
    female: [['ماريا', 'Maria'], ['آنا', 'Ana'], ['جاسمين', 'Jasmine'], ['روزالي', 'Rosalie']],
    family: [['سانتوس', 'Santos'], ['ريس', 'Reyes'], ['كروز', 'Cruz'], ['باوتيستا', 'Bautista'], ['غارسيا', 'Garcia']],
  },
  {
    nationality: 'IDN',
    weight: 8,
    male: [['أغوس', 'Agus'], ['بودي', 'Budi'], ['إيكو', 'Eko']],
    female: [['سيتي', 'Siti'], ['ديوي', 'Dewi'], ['نور', 'Nur']],
    family: [['سانتوسو', 'Santoso'], ['هيداياة', 'Hidayat'], ['ويجايا', 'Wijaya'], ['سابوترا', 'Saputra']],
  },
  {
    nationality: 'EGY',
    weight: 12,
    male: [['محمود', 'Mahmoud'], ['مصطفى', 'Mostafa'], ['حسن', 'Hassan'], ['إبراهيم', 'Ibrahim'], ['خالد', 'Khaled'], ['أحمد', 'Ahmed']],
    female: [['منى', 'Mona'], ['هدى', 'Hoda'], ['آمنة', 'Amna']],
    family: [['عبدالرحمن', 'Abdelrahman'], ['السيد', 'El-Sayed'], ['مصطفى', 'Moustafa'], ['حسين', 'Hussein'], ['عبدالله', 'Abdallah']],
  },
  {
    nationality: 'YEM',
    weight: 8,
    male: [['علي', 'Ali'], ['صالح', 'Saleh'], ['عبدالله', 'Abdullah'], ['ناصر', 'Nasser']],
    female: [['أروى', 'Arwa'], ['سمية', 'Sumayah']],
    family: [['العمري', 'Al-Omari'], ['الحداد', 'Al-Haddad'], ['باوزير', 'Bawazir'], ['الشامي', 'Al-Shami']],
  },
  {
    nationality: 'SDN',
    weight: 6,
    male: [['عثمان', 'Osman'], ['الطيب', 'Eltayeb'], ['حامد', 'Hamid']],
    female: [['إخلاص', 'Ikhlas'], ['سارة', 'Sara']],
    family: [['أحمد', 'Ahmed'], ['محمد', 'Mohamed'], ['إدريس', 'Idris']],
  },
  {
    nationality: 'NPL',
    weight: 6,
    male: [['رام', 'Ram'], ['بيكاش', 'Bikash'], ['سانجاي', 'Sanjay']],
    female: [['سيتا', 'Sita'], ['غيتا', 'Gita']],
    family: [['ثابا', 'Thapa'], ['غورونغ', 'Gurung'], ['راي', 'Rai'], ['تامانغ', 'Tamang']],
  },
];

const DOMESTIC = ['houseDriver', 'houseMaid', 'homeCook', 'homeGuard', 'nanny'];
const FEMALE_DOMESTIC = new Set(['houseMaid', 'nanny']);

const ESTABLISHMENT_WORDS: readonly Name[] = [
  ['الرياض', 'Riyadh'], ['النخيل', 'Al Nakheel'], ['الأفق', 'Horizon'], ['الخليج', 'Gulf'], ['الصحراء', 'Desert'],
  ['الواحة', 'Oasis'], ['المستقبل', 'Future'], ['الوطنية', 'National'], ['الشرق', 'Eastern'], ['البناء', 'Al Binaa'],
];
const ESTABLISHMENT_KINDS: readonly Name[] = [
  ['للمقاولات', 'Contracting'], ['للتجارة', 'Trading'], ['للخدمات الطبية', 'Medical Services'], ['للنقل', 'Transport'],
  ['للصيانة', 'Maintenance'], ['للمطاعم', 'Restaurants'], ['للتقنية', 'Technology'],
];

/** A 10-digit Luhn number: `prefix` + 8 digits from `n` + check digit. */
function idNumber(prefix: string, n: number): string {
  const body = `${prefix}${String(n).padStart(8, '0')}`;
  return body + luhnCheckDigit(body);
}

export function generateRegistry(options: RegistryOptions): Registry {
  const random = seededRandom(options.seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const chance = (p: number): boolean => random() < p;
  const { today } = options;
  const totalWeight = ORIGINS.reduce((s, o) => s + o.weight, 0);
  const origin = (): Origin => {
    let r = random() * totalWeight;
    for (const o of ORIGINS) {
      r -= o.weight;
      if (r < 0) return o;
    }
    return ORIGINS[0] as Origin;
  };

  const establishments: EstablishmentRecord[] = [];
  for (let i = 0; i < options.establishments; i++) {
    const [wordAr, wordEn] = pick(ESTABLISHMENT_WORDS);
    const [kindAr, kindEn] = pick(ESTABLISHMENT_KINDS);
    // One establishment in five has an operations quota that is used up: a representative's batch is refused.
    const subscription = chance(0.6)
      ? ({ kind: 'comprehensive' } as const)
      : ({ kind: 'operations', remaining: chance(0.2) ? 0 : int(1, 60) } as const);
    const establishmentId = `70${String(10_000_000 + i * 7919).padStart(8, '0')}`;
    establishments.push({
      establishmentId,
      name: { ar: `مؤسسة ${wordAr} ${kindAr}`, en: `${wordEn} ${kindEn} Est.` },
      subscription,
      // Derived from the id, not drawn: the registry's other draws stay as they were.
      contact: { mobile: `05${establishmentId.slice(-8)}`, language: i % 4 === 3 ? 'en' : 'ar' },
    });
  }
  const citizenSponsor = (): Sponsor => ({ kind: 'person', idNumber: idNumber('1', 10_000_000 + int(0, 899_999) * 97) });

  let visaSerial = 0;
  const visa = (kind: VisaRecord['kind'], status: VisaRecord['status'], issuedOn: IsoDate, months: number | null, validUntil: IsoDate): VisaRecord => ({
    visaNumber: String(6_000_000_000 + options.seed % 1000 * 100_000 + ++visaSerial),
    kind,
    status,
    issuedOn,
    validUntil,
    months,
  });

  const person = (i: number, kind: 'resident' | 'visitor'): ResidentRecord => {
    const from = origin();
    const domestic = kind === 'resident' && chance(0.15);
    const profession = domestic ? pick(DOMESTIC) : kind === 'visitor' ? 'visitor' : pick(PROFESSION_CODES);
    const female = FEMALE_DOMESTIC.has(profession) || (!domestic && chance(0.2));
    const [firstAr, firstEn] = pick(female ? from.female : from.male);
    const [fatherAr, fatherEn] = pick(from.male);
    const [familyAr, familyEn] = pick(from.family);
    // Iqama expiry: 5% lapsed (some still inside the 3-day grace), 10% within a month, the rest later.
    const r = random();
    const iqamaExpiry = r < 0.02 ? addDays(today, -int(1, 3)) : r < 0.05 ? addDays(today, -int(4, 400)) : r < 0.15 ? addDays(today, int(0, 30)) : addDays(today, int(31, 360));
    // Passport: 5% under 60 days, 5% between 60 and 90, the rest years ahead.
    const p = random();
    const passportExpiry = p < 0.05 ? addDays(today, int(-30, 59)) : p < 0.1 ? addDays(today, int(60, 89)) : addDays(today, int(120, 3000));
    const abroad = kind === 'resident' && chance(0.05);
    const visas: VisaRecord[] = [];
    if (kind === 'resident') {
      if (chance(0.25)) {
        const issued = addDays(today, -int(200, 900));
        visas.push(visa('exitReentrySingle', 'used', issued, 2, addMonths(issued, 2)));
      }
      const v = random();
      if (abroad) {
        const issued = addDays(today, -int(10, 100));
        visas.push(visa(chance(0.5) ? 'exitReentrySingle' : 'exitReentryMultiple', 'used', issued, 6, addMonths(issued, 6)));
      } else if (v < 0.1) {
        const issued = addDays(today, -int(0, 40));
        visas.push(visa(chance(0.7) ? 'exitReentrySingle' : 'exitReentryMultiple', 'issued', issued, 3, addMonths(issued, 3)));
      } else if (v < 0.13) {
        const issued = addDays(today, -int(0, 50));
        visas.push(visa('finalExit', 'issued', issued, null, addDays(issued, 60)));
      } else if (v < 0.15) {
        const issued = addDays(today, -int(70, 300));
        visas.push(visa('finalExit', 'expired', issued, null, addDays(issued, 60)));
      }
    }
    return {
      kind,
      idNumber: kind === 'resident' ? idNumber('2', 10_000_000 + i * 1237) : idNumber(chance(0.5) ? '3' : '4', 20_000_000 + i * 4421),
      name: { ar: `${firstAr} ${fatherAr} ${familyAr}`, en: `${firstEn} ${fatherEn} ${familyEn}` },
      nationality: from.nationality,
      gender: female ? 'female' : 'male',
      birthDate: addDays(today, -int(19 * 365, 62 * 365)),
      mobile: `05${String(int(0, 99_999_999)).padStart(8, '0')}`,
      passport: { number: `${from.nationality.slice(0, 1)}${String(int(1_000_000, 9_999_999))}`, expiry: passportExpiry },
      iqamaExpiry: kind === 'resident' ? iqamaExpiry : addDays(today, int(1, 80)),
      profession: { code: profession, domestic },
      sponsor: domestic || kind === 'visitor' ? citizenSponsor() : { kind: 'establishment', establishmentId: pick(establishments).establishmentId },
      dependants: domestic || kind === 'visitor' ? 0 : chance(0.3) ? int(1, 4) : 0,
      drivingLicence: chance(0.4) ? { number: `DL${int(100_000, 999_999)}`, expiry: addDays(today, int(-100, 3000)) } : null,
      vehicles: kind === 'resident' && chance(0.15) ? int(1, 2) : 0,
      unpaidViolations: chance(0.1) ? int(1, 30) * 100 : 0,
      visas,
      sponsorshipTransfers: kind === 'resident' ? pick([0, 0, 0, 0, 1, 1, 2, 3]) : 0,
      lateRenewals: kind === 'resident' ? pick([0, 0, 0, 0, 0, 1, 1, 2]) : 0,
      abroad,
    };
  };

  const residents: ResidentRecord[] = [];
  for (let i = 0; i < options.residents; i++) residents.push(person(i, 'resident'));
  for (let i = 0; i < options.visitors; i++) residents.push(person(i, 'visitor'));
  return { residents, establishments };
}
