import { ItemBarcodeEntity, ItemEntity, ItemLevelEntity } from './catalogue.entity'
import { BinEntity, DepotEntity, SerialEntity } from './locations.entity'
import { DepotOnHandEntity, LedgerEntity, MoveEntity, MoveLineEntity, OnHandEntity, PositionEntity } from './moves.entity'
import { CountEntity, CountLineEntity } from './counts.entity'
import { TransferEntity, TransferEventEntity, TransferLineEntity } from './transfers.entity'

export const stockEntities = [
  ItemEntity,
  ItemBarcodeEntity,
  ItemLevelEntity,
  DepotEntity,
  BinEntity,
  SerialEntity,
  MoveEntity,
  MoveLineEntity,
  LedgerEntity,
  OnHandEntity,
  DepotOnHandEntity,
  PositionEntity,
  CountEntity,
  CountLineEntity,
  TransferEntity,
  TransferLineEntity,
  TransferEventEntity,
]
