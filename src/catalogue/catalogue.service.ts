import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, assertVillageRole } from '../auth/actor';
import { ROLES } from '../auth/roles';
import { isUniqueViolation } from '../common/db-errors';
import { DomainError, notFound } from '../common/errors';
import { WithEtag, assertIfMatch, etagOf } from '../common/etag';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../common/pagination';
import { Village } from '../villages/village.entity';
import { CatalogueItem } from './catalogue-item.entity';
import { CatalogueRepository, MovementInput } from './catalogue.repository';
import {
  CatalogueItemDto,
  CreateCatalogueItemDto,
  CreateStockMovementDto,
  ListCatalogueItemsQueryDto,
  StockMovementDto,
  StockMovementsQueryDto,
  UpdateCatalogueItemDto,
} from './dto/catalogue.dto';
import { StockMovement, StockReason } from './stock-movement.entity';


export function toCatalogueItemDto(item: CatalogueItem): CatalogueItemDto {
  return {
    id: item.id,
    villageId: item.villageId,
    sku: item.sku,
    name: item.name,
    category: item.category,
    description: item.description,
    pointsPrice: item.pointsPrice,
    imageUrl: item.imageUrl,
    active: item.active,
    limitPerHouseholdPerMonth: item.limitPerHouseholdPerMonth,
    lowStockThreshold: item.lowStockThreshold,
    stockOnHand: item.stockOnHand,
    updatedAt: item.updatedAt.toISOString(),
  };
}

function toMovementDto(row: StockMovement): StockMovementDto {
  return {
    id: String(row.id),
    itemId: row.itemId,
    quantity: row.quantity,
    reason: row.reason,
    donor: row.donor,
    note: row.note,
    redemptionId: row.redemptionId,
    stockAfter: row.stockAfter,
    createdBy: row.createdBy,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** The CHECK on catalogue_items refused a movement: stock would go below zero. */
export function isStockShortage(error: unknown): boolean {
  const pg = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? (error as { code?: string; constraint?: string });
  return pg?.code === '23514' && pg.constraint === 'catalogue_items_stock_check';
}

@Injectable()
export class CatalogueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repo: CatalogueRepository,
  ) {}

  /**
   * Appends stock movements (the trigger moves stock_on_hand and refuses negatives).
   * Rows are inserted in item-id order: every writer locks item rows in that one order.
   */
  async insertMovements(tx: EntityManager, movements: MovementInput[]): Promise<StockMovement[]> {
    const ordered = [...movements].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
    try {
      const rows: StockMovement[] = [];
      for (const m of ordered) {
        rows.push(await this.repo.insertMovement(tx, m));
      }
      return rows;
    } catch (error) {
      if (isStockShortage(error)) throw new DomainError('insufficient_stock', 'Not enough stock for this movement');
      throw error;
    }
  }

  /** Loads an item the actor may see (other villages: 404). */
  async readable(manager: EntityManager, actor: Actor, id: string, roles: readonly string[] = ROLES, lock = false): Promise<CatalogueItem> {
    const item = await manager.findOne(CatalogueItem, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!item) throw notFound('Catalogue item');
    assertVillageRole(actor, item.villageId, roles as never, 'Catalogue item');
    return item;
  }

  async create(actor: Actor, dto: CreateCatalogueItemDto): Promise<WithEtag<CatalogueItemDto>> {
    assertVillageRole(actor, dto.villageId, ['village_admin'], 'Village');
    return this.dataSource.transaction(async (tx) => {
      if (!(await tx.existsBy(Village, { id: dto.villageId }))) throw notFound('Village');
      const item = tx.create(CatalogueItem, {
        villageId: dto.villageId,
        sku: dto.sku,
        name: dto.name.trim(),
        category: dto.category?.trim() || null,
        description: dto.description ?? null,
        pointsPrice: dto.pointsPrice,
        imageUrl: dto.imageUrl ?? null,
        active: dto.active ?? true,
        limitPerHouseholdPerMonth: dto.limitPerHouseholdPerMonth ?? null,
        lowStockThreshold: dto.lowStockThreshold ?? null,
      });
      try {
        await tx.insert(CatalogueItem, item);
      } catch (error) {
        if (isUniqueViolation(error, 'catalogue_items_village_sku_key')) throw new DomainError('conflict', `SKU ${dto.sku} already exists in this village`);
        throw error;
      }
      const saved = await tx.findOneByOrFail(CatalogueItem, { id: item.id });
      const body = toCatalogueItemDto(saved);
      await this.audit.record(tx, actor, 'catalogue_item.created', { type: 'catalogue_item', id: saved.id, villageId: saved.villageId }, null, body);
      return { body, etag: etagOf(saved.id, saved.version) };
    });
  }

  async get(actor: Actor, id: string): Promise<WithEtag<CatalogueItemDto>> {
    const item = await this.readable(this.dataSource.manager, actor, id);
    return { body: toCatalogueItemDto(item), etag: etagOf(item.id, item.version) };
  }

  /** Ordered by name then id (keyset). */
  async list(actor: Actor, query: ListCatalogueItemsQueryDto): Promise<Page<CatalogueItemDto>> {
    assertVillageRole(actor, query.villageId, ROLES, 'Village');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['text', 'uuid']);
    const qb = this.dataSource
      .getRepository(CatalogueItem)
      .createQueryBuilder('i')
      .where('i.village_id = :villageId', { villageId: query.villageId })
      .orderBy('i.name', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .limit(limit + 1);
    if (after) qb.andWhere('(i.name, i.id) > (:name, :id)', { name: after[0], id: after[1] });
    if (query.active !== undefined) qb.andWhere('i.active = :active', { active: query.active === 'true' });
    if (query.category !== undefined) qb.andWhere('i.category = :category', { category: query.category });
    if (query.inStock !== undefined) qb.andWhere(query.inStock === 'true' ? 'i.stock_on_hand > 0' : 'i.stock_on_hand = 0');
    if (query.q !== undefined) {
      // Every two-character fragment of q must be among the item's (catalogue_items_search_idx),
      // then the substring itself is checked; a one-character q has no fragment and is a plain filter.
      qb.andWhere(`catalogue_bigrams(i.name || ' ' || i.sku) @> catalogue_bigrams(:q)`, { q: query.q });
      qb.andWhere(`(strpos(lower(i.name), lower(:q)) > 0 OR strpos(lower(i.sku), lower(:q)) > 0)`);
    }
    const rows = await qb.getMany();
    return pageOf(rows, limit, (i) => [i.name, i.id], toCatalogueItemDto);
  }

  async update(actor: Actor, id: string, dto: UpdateCatalogueItemDto, ifMatch: string | undefined): Promise<WithEtag<CatalogueItemDto>> {
    return this.dataSource.transaction(async (tx) => {
      const item = await this.readable(tx, actor, id, ['village_admin'], true);
      assertIfMatch(ifMatch, item.id, item.version);
      const before = toCatalogueItemDto(item);
      // A price change affects later sales only: each sale line keeps its unitPoints.
      Object.assign(item, {
        ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
        ...(dto.category !== undefined ? { category: dto.category.trim() || null } : {}),
        ...(dto.description !== undefined ? { description: dto.description } : {}),
        ...(dto.pointsPrice !== undefined ? { pointsPrice: dto.pointsPrice } : {}),
        ...(dto.imageUrl !== undefined ? { imageUrl: dto.imageUrl } : {}),
        ...(dto.active !== undefined ? { active: dto.active } : {}),
        ...(dto.limitPerHouseholdPerMonth !== undefined ? { limitPerHouseholdPerMonth: dto.limitPerHouseholdPerMonth } : {}),
        ...(dto.lowStockThreshold !== undefined ? { lowStockThreshold: dto.lowStockThreshold } : {}),
      });
      item.version += 1;
      await tx.update(
        CatalogueItem,
        { id },
        {
          name: item.name,
          category: item.category,
          description: item.description,
          pointsPrice: item.pointsPrice,
          imageUrl: item.imageUrl,
          active: item.active,
          limitPerHouseholdPerMonth: item.limitPerHouseholdPerMonth,
          lowStockThreshold: item.lowStockThreshold,
          version: item.version,
        },
      );
      const saved = await tx.findOneByOrFail(CatalogueItem, { id });
      const body = toCatalogueItemDto(saved);
      await this.audit.record(tx, actor, 'catalogue_item.updated', { type: 'catalogue_item', id, villageId: saved.villageId }, before, body);
      return { body, etag: etagOf(saved.id, saved.version) };
    });
  }

  async addMovement(actor: Actor, itemId: string, dto: CreateStockMovementDto): Promise<StockMovementDto> {
    if ((dto.reason === 'donation' || dto.reason === 'purchase') && dto.quantity < 0) {
      throw new DomainError('validation_failed', `${dto.reason} adds stock: quantity must be positive`, { errors: [{ field: 'quantity', message: 'must be positive' }] });
    }
    const quantity = dto.reason === 'write_off' ? -Math.abs(dto.quantity) : dto.quantity;
    return this.dataSource.transaction(async (tx) => {
      const item = await this.readable(tx, actor, itemId, ['village_admin', 'clerk']);
      const [row] = await this.insertMovements(tx, [
        { villageId: item.villageId, itemId, quantity, reason: dto.reason, donor: dto.donor?.trim() ?? null, note: dto.note ?? null, createdBy: actor.name },
      ]);
      const body = toMovementDto(row);
      await this.audit.record(tx, actor, 'stock.moved', { type: 'catalogue_item', id: itemId, villageId: item.villageId }, { stockOnHand: item.stockOnHand }, body);
      return body;
    });
  }

  /** Newest first, keyset on id. */
  async movements(actor: Actor, itemId: string, query: StockMovementsQueryDto): Promise<Page<StockMovementDto>> {
    await this.readable(this.dataSource.manager, actor, itemId, ['village_admin', 'clerk', 'auditor']);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const before = decodeCursor(query.cursor, ['bigint']);
    const qb = this.dataSource.getRepository(StockMovement).createQueryBuilder('m').where('m.item_id = :itemId', { itemId }).orderBy('m.id', 'DESC').limit(limit + 1);
    if (before) qb.andWhere('m.id < :before', { before: before[0] });
    const rows = await qb.getMany();
    return pageOf(rows, limit, (m) => [String(m.id)], toMovementDto);
  }
}
