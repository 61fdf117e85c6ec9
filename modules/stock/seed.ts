/** Demo stock: two depots with bins, ~30 items (FR + AR names), receipts of serial meters, issues, an open count. */
import type { SeedContext } from '../core/backend/types'
import type { DepotRow, ItemDetail, MovePostInput, StockUom } from './contract'
import { stockService } from './stock.service'
import { countsService } from './counts.service'

type DemoItem = [code: string, nameFr: string, nameAr: string, category: string, uom: StockUom, tracking: 'none' | 'serial' | 'lot', costDh: number]

export const DEMO_ITEMS: DemoItem[] = [
  ['CPT-EAU-DN15', 'Compteur eau DN15', 'عداد الماء DN15', 'meter_water', 'u', 'serial', 420],
  ['CPT-EAU-DN20', 'Compteur eau DN20', 'عداد الماء DN20', 'meter_water', 'u', 'serial', 560],
  ['CPT-EAU-DN40', 'Compteur eau DN40', 'عداد الماء DN40', 'meter_water', 'u', 'serial', 1850],
  ['CPT-ELEC-MONO', 'Compteur électrique monophasé', 'عداد كهربائي أحادي الطور', 'meter_electricity', 'u', 'serial', 690],
  ['CPT-ELEC-TRI', 'Compteur électrique triphasé', 'عداد كهربائي ثلاثي الطور', 'meter_electricity', 'u', 'serial', 1480],
  ['CPT-ELEC-PREP', 'Compteur à prépaiement', 'عداد الدفع المسبق', 'meter_electricity', 'u', 'serial', 1250],
  ['TUB-PEHD-25', 'Tube PEHD Ø25 PN16', 'أنبوب PEHD قطر 25', 'pipe', 'm', 'none', 9.5],
  ['TUB-PEHD-32', 'Tube PEHD Ø32 PN16', 'أنبوب PEHD قطر 32', 'pipe', 'm', 'none', 14.2],
  ['TUB-PEHD-63', 'Tube PEHD Ø63 PN10', 'أنبوب PEHD قطر 63', 'pipe', 'm', 'none', 38],
  ['TUB-PEHD-110', 'Tube PEHD Ø110 PN10', 'أنبوب PEHD قطر 110', 'pipe', 'm', 'none', 92],
  ['TUB-PVC-160', 'Tube PVC assainissement Ø160', 'أنبوب PVC للتطهير قطر 160', 'pipe', 'm', 'none', 65],
  ['CAB-CU-2X10', 'Câble cuivre 2×10 mm²', 'كابل نحاسي 2×10 مم²', 'cable', 'm', 'none', 24],
  ['CAB-CU-4X16', 'Câble cuivre 4×16 mm²', 'كابل نحاسي 4×16 مم²', 'cable', 'm', 'none', 78],
  ['CAB-AL-4X25', 'Câble aluminium torsadé 4×25', 'كابل ألومنيوم مجدول 4×25', 'cable', 'm', 'none', 31],
  ['CAB-AL-3X70', 'Câble aluminium 3×70+54,6', 'كابل ألومنيوم 3×70', 'cable', 'm', 'none', 85],
  ['RAC-LAI-25', 'Raccord laiton Ø25', 'وصلة نحاسية قطر 25', 'fitting', 'u', 'none', 32],
  ['RAC-LAI-32', 'Raccord laiton Ø32', 'وصلة نحاسية قطر 32', 'fitting', 'u', 'none', 45],
  ['COL-PRI-63', 'Collier de prise en charge Ø63', 'طوق تفريع قطر 63', 'fitting', 'u', 'none', 88],
  ['ROB-AVC-15', "Robinet d'arrêt avant compteur DN15", 'صنبور قبل العداد DN15', 'fitting', 'u', 'none', 74],
  ['CLA-ANT-20', 'Clapet anti-retour DN20', 'صمام عدم الرجوع DN20', 'fitting', 'u', 'none', 58],
  ['BOI-CPT-EAU', 'Niche compteur eau', 'صندوق عداد الماء', 'fitting', 'u', 'none', 210],
  ['COF-COUP', 'Coffret coupe-circuit', 'علبة قاطع الدارة', 'fitting', 'u', 'none', 160],
  ['DIS-30MA', 'Disjoncteur différentiel 30 mA', 'قاطع تفاضلي 30 مللي أمبير', 'fitting', 'u', 'lot', 240],
  ['CLE-COMPT', 'Clé de compteur', 'مفتاح العداد', 'tool', 'u', 'none', 35],
  ['PINCE-SERT', 'Pince à sertir', 'كماشة التجعيد', 'tool', 'u', 'none', 420],
  ['DETEC-FUITE', 'Détecteur de fuite acoustique', 'كاشف التسرب الصوتي', 'tool', 'u', 'serial', 9800],
  ['PLOMB-SCEL', 'Plombs de scellé (sachet de 100)', 'أختام الرصاص (كيس 100)', 'consumable', 'box', 'none', 60],
  ['TEFLON', 'Ruban téflon', 'شريط تفلون', 'consumable', 'roll', 'none', 4.5],
  ['COLLE-PVC', 'Colle PVC 1 L', 'غراء PVC لتر واحد', 'consumable', 'l', 'none', 95],
  ['GAINE-TPC-40', 'Gaine TPC Ø40', 'غمد TPC قطر 40', 'pipe', 'm', 'none', 7.8],
]

const centimes = (dh: number) => Math.round(dh * 100)
const U = 1000

export async function seedStockDemo({ ctx, scale }: SeedContext): Promise<void> {
  const central: DepotRow = await stockService.createDepot(ctx, { code: 'CENTRAL', name: 'Magasin central Anfa', kind: 'normal' })
  const small: DepotRow = await stockService.createDepot(ctx, { code: 'MAARIF', name: 'Dépôt Maârif', kind: 'normal' })
  const bins: Record<string, string> = {}
  for (const [depot, codes] of [[central, ['A1', 'A2', 'B1', 'C1']], [small, ['R1']]] as const) {
    for (const code of codes) bins[`${depot.code}/${code}`] = (await stockService.createBin(ctx, { depotId: depot.id, code, name: `Rayon ${code}` })).id
  }
  const items: ItemDetail[] = []
  for (const [i, [code, nameFr, nameAr, category, uom, tracking, cost]] of DEMO_ITEMS.entries()) {
    items.push(
      await stockService.createItem(ctx, {
        code, nameFr, nameAr, category, uom, tracking, standardCost: centimes(cost), active: true,
        barcodes: [`611${String(1000000 + i).padStart(10, '0')}`],
        levels: [{ depotId: central.id, minQty: (uom === 'm' ? 100 : 5) * U, maxQty: (uom === 'm' ? 1000 : 40) * U }],
      }),
    )
  }
  const byCode = new Map(items.map((it) => [it.code, it]))
  // Before June the demo's stock history is last year's: the billing demo fits meters four months back and needs them received.
  const now = ctx.now()
  const year = now.getMonth() >= 5 ? now.getFullYear() : now.getFullYear() - 1
  const d = (month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  const serials = (prefix: string, n: number, brand: string, caliber: string) =>
    Array.from({ length: n }, (_, k) => ({ serialNo: `${prefix}${String(k + 1).padStart(5, '0')}`, brand, caliber, manufactureYear: year - 1 }))
  const moves: MovePostInput[] = [
    {
      kind: 'receipt', date: d(1, 8), reference: 'BL-2026-0141', reason: 'Livraison fournisseur',
      lines: [
        { itemId: byCode.get('CPT-EAU-DN15')!.id, toBinId: bins['CENTRAL/A1'], qty: 12 * U, unitCost: centimes(415), serials: serials('SNS15-', 12, 'Sensus', 'DN15') },
        { itemId: byCode.get('CPT-ELEC-MONO')!.id, toBinId: bins['CENTRAL/A2'], qty: 8 * U, unitCost: centimes(680), serials: serials('IMO-', 8, 'Itron', '5-30A') },
      ],
    },
    ...items.filter((it) => it.tracking === 'none').map((it, k): MovePostInput => ({
      kind: 'receipt', date: d(1, 10 + (k % 5)), reference: `BL-2026-${150 + k}`,
      lines: [{ itemId: it.id, toBinId: bins[k % 2 ? 'CENTRAL/B1' : 'CENTRAL/C1'], qty: (it.uom === 'm' ? 500 : 30) * U, unitCost: it.standardCost }],
    })),
    {
      kind: 'receipt', date: d(1, 20), reference: 'BL-2026-0190',
      lines: [{ itemId: byCode.get('CPT-EAU-DN15')!.id, toBinId: bins['CENTRAL/A1'], qty: 4 * U, unitCost: centimes(440), serials: serials('SNS15-B', 4, 'Sensus', 'DN15') }],
    },
    {
      kind: 'transfer', date: d(1, 22), reason: 'Dotation dépôt Maârif',
      lines: [{ itemId: byCode.get('CPT-EAU-DN15')!.id, fromBinId: bins['CENTRAL/A1'], toBinId: bins['MAARIF/R1'], qty: 2 * U, serials: [{ serialNo: 'SNS15-00011' }, { serialNo: 'SNS15-00012' }] }],
    },
    {
      kind: 'issue', date: d(2, 3), reference: 'OT-2026-0007', reason: 'Branchement neuf',
      connectionPointId: 'PL-CASA-000123',
      lines: [
        { itemId: byCode.get('CPT-EAU-DN15')!.id, fromBinId: bins['CENTRAL/A1'], qty: 2 * U, serials: [{ serialNo: 'SNS15-00001' }, { serialNo: 'SNS15-00002' }] },
        { itemId: byCode.get('TUB-PEHD-25')!.id, fromBinId: bins['CENTRAL/C1'], qty: 35_500 },
        { itemId: byCode.get('RAC-LAI-25')!.id, fromBinId: bins['CENTRAL/B1'], qty: 4 * U },
      ],
    },
    {
      kind: 'issue', date: d(2, 5), reference: 'OT-2026-0011', reason: 'Extension réseau BT',
      lines: [{ itemId: byCode.get('CAB-AL-4X25')!.id, fromBinId: bins['CENTRAL/B1'], qty: 120 * U }],
    },
  ]
  for (const m of moves) await stockService.postMove(ctx, m)
  if (scale === 'large') await stockService.postMany(ctx, largeMoves(items.filter((it) => it.tracking === 'none'), bins, year))
  await seedOpenCount(ctx, central)
}

/**
 * One count session in progress (the counts screen has something to show): the fittings of the central
 * store, blind, half counted — all found but one short by a unit.
 */
async function seedOpenCount(ctx: SeedContext['ctx'], central: DepotRow): Promise<void> {
  const count = await countsService.open(ctx, { depotId: central.id, categories: ['fitting'], blind: true, note: 'Inventaire tournant — raccords' })
  const counted = count.lines.slice(0, Math.ceil(count.lines.length / 2))
  if (counted.length === 0) return
  await countsService.saveLines(ctx, {
    id: count.id,
    lines: counted.map((l, i) => ({ lineId: l.id, countedQty: i === 0 ? Math.max(0, l.expectedQty - U) : l.expectedQty })),
  })
}

/** A few thousand receipts and issues over the year (bulk path); issues stay below what was received. */
function largeMoves(items: ItemDetail[], bins: Record<string, string>, year: number): MovePostInput[] {
  const out: MovePostInput[] = []
  for (let i = 0; i < 3000; i++) {
    const it = items[i % items.length]
    const day = Math.floor(i / 15) // dates never go back, so issues always follow their receipts
    const date = `${year}-${String(3 + Math.floor(day / 28)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}`
    const bin = bins['CENTRAL/A2']
    out.push(
      Math.floor(i / items.length) % 3 === 2
        ? { kind: 'issue', date, reference: `OT-L-${i}`, lines: [{ itemId: it.id, fromBinId: bin, qty: 2 * U }] }
        : { kind: 'receipt', date, reference: `BL-L-${i}`, lines: [{ itemId: it.id, toBinId: bin, qty: 5 * U, unitCost: it.standardCost + (i % 7) * 10 }] },
    )
  }
  return out
}
